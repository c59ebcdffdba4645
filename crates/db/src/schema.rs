//! Diesel's view of the tables, shared by both backends.
//!
//! Both backends have exactly these tables and columns (a test compares them).

diesel::table! {
    organizations (id) {
        id -> Binary,
        name -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        reopen_window_days -> Integer,
        auto_close_after_days -> Integer,
        version -> BigInt,
        max_attachment_mib -> Integer,
        default_lead_owner_id -> Nullable<Binary>,
        base_currency -> Text,
        blocked_senders -> Text,
        phone_region -> Text,
        entitlement_check -> Text,
        portal_self_sign_up -> Bool,
    }
}

diesel::table! {
    users (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        email -> Text,
        email_normalized -> Text,
        name -> Text,
        role -> Text,
        active -> Bool,
        password_hash -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
        availability -> Text,
        capacity -> Nullable<BigInt>,
        calendar_feed_hash -> Nullable<Text>,
        email_notifications -> Text,
    }
}

diesel::table! {
    user_skills (org_id, user_id, skill) {
        org_id -> Binary,
        user_id -> Binary,
        skill -> Text,
    }
}

diesel::table! {
    route_turns (org_id, team_id, user_id) {
        org_id -> Binary,
        team_id -> Binary,
        user_id -> Binary,
        last_turn -> BigInt,
    }
}

diesel::table! {
    sessions (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        user_id -> Binary,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    refresh_tokens (org_id, token_hash) {
        org_id -> Binary,
        token_hash -> Text,
        session_id -> Binary,
        issued_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    teams (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        name -> Text,
        name_key -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
        routing_mode -> Text,
        lead_id -> Nullable<Binary>,
    }
}

diesel::table! {
    team_members (org_id, team_id, user_id) {
        org_id -> Binary,
        team_id -> Binary,
        user_id -> Binary,
    }
}

diesel::table! {
    accounts (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        name -> Text,
        name_key -> Text,
        domain -> Nullable<Text>,
        account_type -> Text,
        industry -> Nullable<Text>,
        tier -> Nullable<Text>,
        owner_id -> Nullable<Binary>,
        parent_id -> Nullable<Binary>,
        street -> Nullable<Text>,
        city -> Nullable<Text>,
        region -> Nullable<Text>,
        postal_code -> Nullable<Text>,
        country -> Nullable<Text>,
        phone -> Nullable<Text>,
        website -> Nullable<Text>,
        revenue_minor -> Nullable<BigInt>,
        revenue_currency -> Nullable<Text>,
        tags -> Text,
        search_text -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> BigInt,
        company_size -> Nullable<Text>,
        territory_id -> Nullable<Binary>,
    }
}

diesel::table! {
    account_tags (org_id, account_id, tag) {
        org_id -> Binary,
        account_id -> Binary,
        tag -> Text,
    }
}

diesel::table! {
    account_terms (org_id, term, account_id) {
        org_id -> Binary,
        term -> Text,
        account_id -> Binary,
    }
}

diesel::table! {
    contacts (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        account_id -> Nullable<Binary>,
        first_name -> Nullable<Text>,
        last_name -> Text,
        name_key -> Text,
        email -> Nullable<Text>,
        email_normalized -> Nullable<Text>,
        phones -> Text,
        title -> Nullable<Text>,
        owner_id -> Nullable<Binary>,
        preferred_channel -> Text,
        consent_email -> Bool,
        consent_phone -> Bool,
        consent_sms -> Bool,
        do_not_contact -> Bool,
        tags -> Text,
        search_text -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> BigInt,
    }
}

diesel::table! {
    contact_tags (org_id, contact_id, tag) {
        org_id -> Binary,
        contact_id -> Binary,
        tag -> Text,
    }
}

diesel::table! {
    contact_terms (org_id, term, contact_id) {
        org_id -> Binary,
        term -> Text,
        contact_id -> Binary,
    }
}

diesel::table! {
    notes (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        account_id -> Nullable<Binary>,
        contact_id -> Nullable<Binary>,
        body -> Text,
        author_id -> Nullable<Binary>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> BigInt,
        lead_id -> Nullable<Binary>,
    }
}

diesel::table! {
    sla_calendars (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        name -> Text,
        name_key -> Text,
        definition -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> BigInt,
    }
}

diesel::table! {
    sla_policies (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        name -> Text,
        name_key -> Text,
        calendar_id -> Binary,
        position -> BigInt,
        definition -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> BigInt,
    }
}

diesel::table! {
    login_throttle (email_normalized) {
        email_normalized -> Text,
        failures -> Integer,
        locked_until -> Nullable<Timestamp>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    ticket_counters (org_id) {
        org_id -> Binary,
        last_number -> BigInt,
    }
}

diesel::table! {
    tickets (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        number -> BigInt,
        subject -> Text,
        description -> Text,
        requester_id -> Binary,
        account_id -> Nullable<Binary>,
        channel -> Text,
        priority -> Text,
        priority_rank -> BigInt,
        ticket_type -> Nullable<Text>,
        category -> Nullable<Text>,
        status -> Text,
        assignee_id -> Nullable<Binary>,
        team_id -> Nullable<Binary>,
        tags -> Text,
        search_text -> Text,
        sla_policy_id -> Nullable<Binary>,
        sla_due_at -> Timestamp,
        sla_warn_at -> Nullable<Timestamp>,
        sla_next_at -> Nullable<Timestamp>,
        first_responded_at -> Nullable<Timestamp>,
        solved_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        merged_into_id -> Nullable<Binary>,
        follow_up_of_id -> Nullable<Binary>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> BigInt,
        language -> Nullable<Text>,
        asset_id -> Nullable<Binary>,
    }
}

diesel::table! {
    ticket_tags (org_id, ticket_id, tag) {
        org_id -> Binary,
        ticket_id -> Binary,
        tag -> Text,
    }
}

diesel::table! {
    ticket_terms (org_id, term, ticket_id) {
        org_id -> Binary,
        term -> Text,
        ticket_id -> Binary,
    }
}

diesel::table! {
    attachment_blobs (org_id, sha256) {
        org_id -> Binary,
        sha256 -> Text,
        size -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    ticket_attachments (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        ticket_id -> Nullable<Binary>,
        message_id -> Nullable<Binary>,
        filename -> Text,
        content_type -> Text,
        size -> BigInt,
        sha256 -> Text,
        uploaded_by -> Nullable<Binary>,
        uploaded_by_portal_user -> Nullable<Binary>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    ticket_conversation_terms (org_id, term, ticket_id) {
        org_id -> Binary,
        term -> Text,
        ticket_id -> Binary,
    }
}

diesel::table! {
    ticket_messages (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        ticket_id -> Binary,
        public -> Bool,
        author_user_id -> Nullable<Binary>,
        author_contact_id -> Nullable<Binary>,
        body -> Text,
        created_at -> Timestamp,
        redacted_at -> Nullable<Timestamp>,
        redacted_by -> Nullable<Binary>,
        inbound_email_id -> Nullable<Binary>,
    }
}

diesel::table! {
    ticket_events (org_id, ticket_id, seq) {
        org_id -> Binary,
        ticket_id -> Binary,
        seq -> BigInt,
        at -> Timestamp,
        kind -> Text,
        actor_id -> Nullable<Binary>,
        data -> Text,
    }
}

diesel::table! {
    jobs (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        kind -> Text,
        payload -> Text,
        status -> Text,
        run_at -> Timestamp,
        attempts -> BigInt,
        max_attempts -> BigInt,
        locked_by -> Nullable<Text>,
        locked_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        dedupe_key -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    sla_events (org_id, ticket_id, clock, started_at, event, target_minutes) {
        org_id -> Binary,
        ticket_id -> Binary,
        clock -> Text,
        started_at -> Timestamp,
        event -> Text,
        target_minutes -> BigInt,
        fired_at -> Timestamp,
    }
}

diesel::table! {
    notifications (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        user_id -> Binary,
        kind -> Text,
        ticket_id -> Nullable<Binary>,
        message -> Text,
        created_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
        lead_id -> Nullable<Binary>,
        activity_id -> Nullable<Binary>,
    }
}

diesel::table! {
    ticket_views (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        name -> Text,
        name_key -> Text,
        owner_id -> Binary,
        team_id -> Nullable<Binary>,
        filters -> Text,
        sort -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    ticket_links (org_id, ticket_id, linked_id) {
        org_id -> Binary,
        ticket_id -> Binary,
        linked_id -> Binary,
        created_at -> Timestamp,
        created_by -> Binary,
    }
}

diesel::table! {
    ticket_viewers (org_id, ticket_id, user_id) {
        org_id -> Binary,
        ticket_id -> Binary,
        user_id -> Binary,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    leads (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        first_name -> Nullable<Text>,
        last_name -> Nullable<Text>,
        name_key -> Text,
        company -> Nullable<Text>,
        title -> Nullable<Text>,
        email -> Nullable<Text>,
        email_normalized -> Nullable<Text>,
        phones -> Text,
        website -> Nullable<Text>,
        company_domain -> Nullable<Text>,
        address -> Text,
        country -> Nullable<Text>,
        industry -> Nullable<Text>,
        company_size -> Nullable<Text>,
        source -> Nullable<Text>,
        campaign -> Nullable<Text>,
        status -> Text,
        disqualified_reason -> Nullable<Text>,
        owner_id -> Nullable<Binary>,
        tags -> Text,
        search_text -> Text,
        converted_at -> Nullable<Timestamp>,
        converted_account_id -> Nullable<Binary>,
        converted_contact_id -> Nullable<Binary>,
        form_id -> Nullable<Binary>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> BigInt,
        score -> BigInt,
    }
}

diesel::table! {
    lead_forms (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        name -> Text,
        fields -> Text,
        thank_you_url -> Nullable<Text>,
        allowed_origins -> Text,
        source -> Text,
        campaign -> Nullable<Text>,
        owner_id -> Nullable<Binary>,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> BigInt,
    }
}

diesel::table! {
    lead_tags (org_id, lead_id, tag) {
        org_id -> Binary,
        lead_id -> Binary,
        tag -> Text,
    }
}

diesel::table! {
    lead_terms (org_id, term, lead_id) {
        org_id -> Binary,
        term -> Text,
        lead_id -> Binary,
    }
}

diesel::table! {
    territories (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        name -> Text,
        name_key -> Text,
        description -> Nullable<Text>,
        parent_id -> Nullable<Binary>,
        countries -> Text,
        regions -> Text,
        industries -> Text,
        company_sizes -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> BigInt,
    }
}

diesel::table! {
    territory_owners (org_id, territory_id, user_id) {
        org_id -> Binary,
        territory_id -> Binary,
        user_id -> Binary,
    }
}

diesel::table! {
    assignment_rules (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        name -> Text,
        name_key -> Text,
        position -> BigInt,
        active -> Bool,
        conditions -> Text,
        assign_to -> Text,
        user_id -> Nullable<Binary>,
        team_id -> Nullable<Binary>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> BigInt,
    }
}

diesel::table! {
    lead_turns (org_id, pool_id, user_id) {
        org_id -> Binary,
        pool_id -> Binary,
        user_id -> Binary,
        last_turn -> BigInt,
    }
}

diesel::table! {
    scoring_rules (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        name -> Text,
        name_key -> Text,
        active -> Bool,
        criterion -> Text,
        points -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> BigInt,
    }
}

diesel::table! {
    exchange_rates (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        currency -> Text,
        valid_from -> Text,
        rate_nanos -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    pipelines (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        name -> Text,
        name_key -> Text,
        won_reasons -> Text,
        lost_reasons -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> BigInt,
    }
}

diesel::table! {
    pipeline_stages (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        pipeline_id -> Binary,
        position -> BigInt,
        name -> Text,
        probability -> Integer,
        kind -> Text,
        removed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    opportunities (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        name -> Text,
        name_key -> Text,
        account_id -> Binary,
        pipeline_id -> Binary,
        stage_id -> Binary,
        status -> Text,
        probability -> Integer,
        amount_minor -> BigInt,
        currency -> Text,
        amount_base_minor -> BigInt,
        close_date -> Text,
        owner_id -> Nullable<Binary>,
        primary_contact_id -> Nullable<Binary>,
        next_step -> Nullable<Text>,
        competitors -> Text,
        source_lead_id -> Nullable<Binary>,
        campaign -> Nullable<Text>,
        forecast_category -> Nullable<Text>,
        close_reason -> Nullable<Text>,
        closed_at -> Nullable<Timestamp>,
        stage_entered_at -> Timestamp,
        description -> Nullable<Text>,
        search_text -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> BigInt,
    }
}

diesel::table! {
    opportunity_terms (org_id, term, opportunity_id) {
        org_id -> Binary,
        term -> Text,
        opportunity_id -> Binary,
    }
}

diesel::table! {
    products (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        name -> Text,
        name_key -> Text,
        code -> Nullable<Text>,
        code_key -> Nullable<Text>,
        description -> Nullable<Text>,
        active -> Bool,
        search_text -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> BigInt,
    }
}

diesel::table! {
    product_prices (org_id, product_id, currency) {
        org_id -> Binary,
        product_id -> Binary,
        currency -> Text,
        amount_minor -> BigInt,
    }
}

diesel::table! {
    product_terms (org_id, term, product_id) {
        org_id -> Binary,
        term -> Text,
        product_id -> Binary,
    }
}

diesel::table! {
    opportunity_totals (org_id, pipeline_id, stage_id, owner_id, close_month, status, forecast_category, probability) {
        org_id -> Binary,
        pipeline_id -> Binary,
        stage_id -> Binary,
        owner_id -> Binary,
        close_month -> Text,
        status -> Text,
        forecast_category -> Text,
        probability -> Integer,
        deals -> BigInt,
        amount_base_minor -> BigInt,
        weighted_minor -> BigInt,
    }
}

diesel::table! {
    opportunity_total_changes (org_id, id) {
        org_id -> Binary,
        id -> BigInt,
        pipeline_id -> Binary,
        stage_id -> Binary,
        owner_id -> Binary,
        close_month -> Text,
        status -> Text,
        forecast_category -> Text,
        probability -> Integer,
        deals -> BigInt,
        amount_base_minor -> BigInt,
        weighted_minor -> BigInt,
    }
}

diesel::table! {
    opportunity_line_items (org_id, opportunity_id, position) {
        org_id -> Binary,
        opportunity_id -> Binary,
        position -> Integer,
        product_id -> Binary,
        name -> Text,
        description -> Nullable<Text>,
        quantity -> BigInt,
        unit_price_minor -> BigInt,
        discount_bp -> Integer,
        total_minor -> BigInt,
    }
}

diesel::table! {
    opportunity_contacts (org_id, opportunity_id, contact_id) {
        org_id -> Binary,
        opportunity_id -> Binary,
        contact_id -> Binary,
        role -> Text,
    }
}

diesel::table! {
    opportunity_stage_changes (org_id, opportunity_id, seq) {
        org_id -> Binary,
        opportunity_id -> Binary,
        seq -> BigInt,
        changed_at -> Timestamp,
        changed_by -> Nullable<Binary>,
        from_stage_id -> Nullable<Binary>,
        to_stage_id -> Binary,
        seconds_in_previous -> Nullable<BigInt>,
        reason -> Nullable<Text>,
    }
}

diesel::table! {
    quotas (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        user_id -> Nullable<Binary>,
        team_id -> Nullable<Binary>,
        period -> Text,
        period_start -> Text,
        amount_minor -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    activities (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        kind -> Text,
        subject -> Text,
        description -> Nullable<Text>,
        account_id -> Nullable<Binary>,
        contact_id -> Nullable<Binary>,
        lead_id -> Nullable<Binary>,
        opportunity_id -> Nullable<Binary>,
        ticket_id -> Nullable<Binary>,
        rollup_account_id -> Nullable<Binary>,
        assignee_id -> Binary,
        status -> Text,
        priority -> Nullable<Text>,
        due_at -> Nullable<Timestamp>,
        reminder_at -> Nullable<Timestamp>,
        direction -> Nullable<Text>,
        occurred_at -> Nullable<Timestamp>,
        duration_seconds -> Nullable<BigInt>,
        outcome -> Nullable<Text>,
        starts_at -> Nullable<Timestamp>,
        ends_at -> Nullable<Timestamp>,
        location -> Nullable<Text>,
        placed_at -> Timestamp,
        completed_at -> Nullable<Timestamp>,
        created_by -> Nullable<Binary>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> BigInt,
    }
}

diesel::table! {
    activity_attendees (org_id, activity_id, position) {
        org_id -> Binary,
        activity_id -> Binary,
        position -> BigInt,
        user_id -> Nullable<Binary>,
        contact_id -> Nullable<Binary>,
    }
}

diesel::table! {
    mailboxes (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        name -> Text,
        address -> Text,
        team_id -> Nullable<Binary>,
        active -> Bool,
        secret -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> BigInt,
    }
}

diesel::table! {
    inbound_emails (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        mailbox_id -> Binary,
        message_id -> Text,
        from_address -> Nullable<Text>,
        subject -> Nullable<Text>,
        sender -> Text,
        outcome -> Text,
        detail -> Nullable<Text>,
        ticket_id -> Nullable<Binary>,
        ticket_message_id -> Nullable<Binary>,
        size -> BigInt,
        raw -> Binary,
        attachments -> Text,
        received_at -> Timestamp,
        redacted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    mail_settings (org_id) {
        org_id -> Binary,
        enabled -> Bool,
        smtp_host -> Text,
        smtp_port -> Integer,
        smtp_security -> Text,
        smtp_username -> Nullable<Text>,
        smtp_password -> Nullable<Text>,
        from_address -> Text,
        from_name -> Nullable<Text>,
        reply_to_mailbox_id -> Nullable<Binary>,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    email_templates (org_id, kind) {
        org_id -> Binary,
        kind -> Text,
        subject -> Text,
        body_text -> Text,
        body_html -> Text,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    outbound_emails (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        kind -> Text,
        message_id -> Text,
        ticket_id -> Nullable<Binary>,
        ticket_message_id -> Nullable<Binary>,
        user_id -> Nullable<Binary>,
        notification_id -> Nullable<Binary>,
        recipient -> Nullable<Text>,
        subject -> Nullable<Text>,
        status -> Text,
        detail -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    mailbox_imap (org_id, mailbox_id) {
        org_id -> Binary,
        mailbox_id -> Binary,
        host -> Text,
        port -> Integer,
        security -> Text,
        username -> Text,
        password -> Text,
        folder -> Text,
        uid_validity -> Nullable<BigInt>,
        last_uid -> BigInt,
        polled_at -> Nullable<Timestamp>,
        error -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    contact_phones (org_id, contact_id, number) {
        org_id -> Binary,
        contact_id -> Binary,
        number -> Text,
    }
}

diesel::table! {
    account_phones (org_id, account_id, number) {
        org_id -> Binary,
        account_id -> Binary,
        number -> Text,
    }
}

diesel::table! {
    lead_phones (org_id, lead_id, number) {
        org_id -> Binary,
        lead_id -> Binary,
        number -> Text,
    }
}

diesel::table! {
    telephony_providers (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        name -> Text,
        secret -> Text,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> BigInt,
    }
}

diesel::table! {
    calls (org_id, activity_id) {
        org_id -> Binary,
        activity_id -> Binary,
        from_number -> Nullable<Text>,
        to_number -> Nullable<Text>,
        answered_at -> Nullable<Timestamp>,
        ended_at -> Nullable<Timestamp>,
        recording_url -> Nullable<Text>,
        provider_id -> Nullable<Binary>,
        provider_call_id -> Nullable<Text>,
    }
}

diesel::table! {
    call_events (org_id, call_id, seq) {
        org_id -> Binary,
        call_id -> Binary,
        seq -> BigInt,
        kind -> Text,
        agent_id -> Nullable<Binary>,
        at -> Timestamp,
    }
}

diesel::table! {
    callbacks (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        number -> Text,
        contact_id -> Nullable<Binary>,
        account_id -> Nullable<Binary>,
        call_id -> Nullable<Binary>,
        assignee_id -> Nullable<Binary>,
        due_at -> Timestamp,
        status -> Text,
        notes -> Nullable<Text>,
        completed_at -> Nullable<Timestamp>,
        created_by -> Nullable<Binary>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> BigInt,
    }
}

diesel::table! {
    record_counters (org_id, kind) {
        org_id -> Binary,
        kind -> Text,
        last_number -> BigInt,
    }
}

diesel::table! {
    contracts (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        number -> Text,
        account_id -> Binary,
        contract_type -> Text,
        status -> Text,
        starts_on -> Text,
        ends_on -> Text,
        value_minor -> Nullable<BigInt>,
        currency -> Nullable<Text>,
        auto_renew -> Bool,
        renewal_term_months -> Nullable<Integer>,
        expiry_notice_days -> Integer,
        owner_id -> Binary,
        sla_policy_id -> Nullable<Binary>,
        notes -> Nullable<Text>,
        notified_for -> Nullable<Text>,
        notice_on -> Text,
        created_by -> Nullable<Binary>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> BigInt,
    }
}

diesel::table! {
    contract_contacts (org_id, contract_id, contact_id) {
        org_id -> Binary,
        contract_id -> Binary,
        contact_id -> Binary,
    }
}

diesel::table! {
    entitlements (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        contract_id -> Binary,
        name -> Text,
        channels -> Text,
        calendar_id -> Nullable<Binary>,
        allowance -> Nullable<Integer>,
        period -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> BigInt,
        product_ids -> Text,
        asset_ids -> Text,
    }
}

diesel::table! {
    ticket_entitlements (org_id, ticket_id) {
        org_id -> Binary,
        ticket_id -> Binary,
        contract_id -> Nullable<Binary>,
        entitlement_id -> Nullable<Binary>,
        period_start -> Nullable<Text>,
        checked_at -> Timestamp,
        returned_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    assets (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        account_id -> Binary,
        product_id -> Nullable<Binary>,
        name -> Text,
        name_key -> Text,
        serial_number -> Nullable<Text>,
        location -> Nullable<Text>,
        installed_on -> Nullable<Text>,
        parent_id -> Nullable<Binary>,
        status -> Text,
        warranty_starts_on -> Nullable<Text>,
        warranty_ends_on -> Nullable<Text>,
        notes -> Nullable<Text>,
        created_by -> Nullable<Binary>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> BigInt,
    }
}

diesel::table! {
    asset_history (org_id, asset_id, version) {
        org_id -> Binary,
        asset_id -> Binary,
        version -> BigInt,
        at -> Timestamp,
        actor_id -> Nullable<Binary>,
        action -> Text,
        changes -> Text,
    }
}

diesel::table! {
    rmas (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        number -> Text,
        ticket_id -> Binary,
        asset_id -> Binary,
        account_id -> Binary,
        status -> Text,
        reason -> Text,
        under_warranty -> Bool,
        carrier -> Nullable<Text>,
        tracking_number -> Nullable<Text>,
        inspection_notes -> Nullable<Text>,
        charge_minor -> Nullable<BigInt>,
        charge_currency -> Nullable<Text>,
        credit_minor -> Nullable<BigInt>,
        credit_currency -> Nullable<Text>,
        notes -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
        received_at -> Nullable<Timestamp>,
        inspected_at -> Nullable<Timestamp>,
        resolved_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        created_by -> Nullable<Binary>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> BigInt,
    }
}

diesel::table! {
    kb_categories (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        name -> Text,
        name_key -> Text,
        description -> Nullable<Text>,
        parent_id -> Nullable<Binary>,
        position -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> BigInt,
    }
}

diesel::table! {
    kb_articles (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        title -> Text,
        name_key -> Text,
        body -> Text,
        body_html -> Text,
        category_id -> Nullable<Binary>,
        tags -> Text,
        visibility -> Text,
        status -> Text,
        language -> Text,
        search_title -> Text,
        search_body -> Text,
        search_key -> BigInt,
        helpful_count -> BigInt,
        unhelpful_count -> BigInt,
        view_count -> BigInt,
        published_at -> Nullable<Timestamp>,
        created_by -> Nullable<Binary>,
        updated_by -> Nullable<Binary>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> BigInt,
    }
}

diesel::table! {
    kb_article_tags (org_id, article_id, tag) {
        org_id -> Binary,
        article_id -> Binary,
        tag -> Text,
    }
}

diesel::table! {
    kb_article_versions (org_id, article_id, version) {
        org_id -> Binary,
        article_id -> Binary,
        version -> BigInt,
        title -> Text,
        body -> Text,
        category_id -> Nullable<Binary>,
        tags -> Text,
        visibility -> Text,
        status -> Text,
        language -> Text,
        written_by -> Nullable<Binary>,
        written_at -> Timestamp,
    }
}

diesel::table! {
    kb_article_votes (org_id, article_id, voter_id) {
        org_id -> Binary,
        article_id -> Binary,
        voter_id -> Binary,
        helpful -> Bool,
        voted_at -> Timestamp,
    }
}

diesel::table! {
    partners (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        key -> Text,
        name -> Text,
        name_key -> Text,
        allowed_origins -> Text,
        accent_color -> Nullable<Text>,
        logo_url -> Nullable<Text>,
        language -> Nullable<Text>,
        ticket_creation -> Bool,
        knowledge_base -> Bool,
        assets -> Bool,
        sso_secret -> Nullable<Text>,
        sso_public_key -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> BigInt,
        ticket_categories -> Text,
        ticket_fields -> Text,
    }
}

diesel::table! {
    portal_links (org_id, token_hash) {
        org_id -> Binary,
        token_hash -> Text,
        purpose -> Text,
        partner_id -> Binary,
        email -> Text,
        email_normalized -> Text,
        portal_user_id -> Nullable<Binary>,
        account_id -> Nullable<Binary>,
        name -> Nullable<Text>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    portal_sso_uses (org_id, partner_id, jti) {
        org_id -> Binary,
        partner_id -> Binary,
        jti -> Text,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    portal_users (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        contact_id -> Binary,
        email -> Text,
        email_normalized -> Text,
        role -> Text,
        active -> Bool,
        password_hash -> Nullable<Text>,
        invitation_hash -> Nullable<Text>,
        invitation_expires_at -> Nullable<Timestamp>,
        last_login_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> BigInt,
        mail_replies -> Bool,
        mail_updates -> Bool,
    }
}

diesel::table! {
    portal_sessions (org_id, id) {
        org_id -> Binary,
        id -> Binary,
        portal_user_id -> Binary,
        partner_id -> Binary,
        token_hash -> Text,
        previous_hash -> Nullable<Text>,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    ticket_ratings (org_id, ticket_id) {
        org_id -> Binary,
        ticket_id -> Binary,
        score -> Integer,
        comment -> Nullable<Text>,
        rated_by -> Binary,
        rated_at -> Timestamp,
    }
}

diesel::table! {
    ticket_field_answers (org_id, ticket_id, field_key) {
        org_id -> Binary,
        ticket_id -> Binary,
        position -> BigInt,
        field_key -> Text,
        label -> Text,
        kind -> Text,
        value -> Text,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    organizations,
    users,
    sessions,
    refresh_tokens,
    teams,
    team_members,
    user_skills,
    route_turns,
    accounts,
    account_tags,
    account_terms,
    contacts,
    contact_tags,
    contact_terms,
    leads,
    lead_forms,
    lead_tags,
    lead_terms,
    territories,
    territory_owners,
    assignment_rules,
    lead_turns,
    scoring_rules,
    exchange_rates,
    pipelines,
    pipeline_stages,
    opportunities,
    opportunity_terms,
    opportunity_contacts,
    opportunity_line_items,
    opportunity_total_changes,
    opportunity_totals,
    products,
    product_prices,
    product_terms,
    opportunity_stage_changes,
    quotas,
    activities,
    activity_attendees,
    notes,
    sla_calendars,
    sla_policies,
    tickets,
    ticket_tags,
    ticket_field_answers,
    ticket_terms,
    ticket_conversation_terms,
    attachment_blobs,
    ticket_attachments,
    ticket_messages,
    ticket_events,
    ticket_links,
    ticket_viewers,
    ticket_views,
    jobs,
    sla_events,
    notifications,
    mailboxes,
    inbound_emails,
    mail_settings,
    email_templates,
    outbound_emails,
    mailbox_imap,
    contact_phones,
    account_phones,
    lead_phones,
    telephony_providers,
    calls,
    call_events,
    callbacks,
    record_counters,
    contracts,
    contract_contacts,
    entitlements,
    ticket_entitlements,
    assets,
    asset_history,
    rmas,
    partners,
    portal_users,
    portal_sessions,
    portal_links,
    portal_sso_uses,
    ticket_ratings,
    kb_categories,
    kb_articles,
    kb_article_tags,
    kb_article_versions,
    kb_article_votes,
);
