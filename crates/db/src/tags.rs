//! Tags of accounts and contacts: one row per (record, tag), indexed by tag for filtering.

/// Defines `tags_of` (the tags of several records at once) and `replace_tags` (set a record's
/// tags) for a tag table such as `account_tags` whose owner column is `$owner`.
macro_rules! tag_store {
    ($table:ident, $owner:ident, $id:ty) => {
        fn tags_of(
            conn: &mut $crate::connection::AnyConnection,
            org: domain::OrgId,
            ids: &[Vec<u8>],
        ) -> $crate::error::Result<std::collections::HashMap<Vec<u8>, Vec<String>>> {
            use $crate::schema::$table as t;
            let rows: Vec<(Vec<u8>, String)> = t::table
                .filter(t::org_id.eq($crate::convert::bytes(&org)))
                .filter(t::$owner.eq_any(ids))
                .order((t::$owner, t::tag))
                .select((t::$owner, t::tag))
                .load(conn)?;
            let mut map: std::collections::HashMap<Vec<u8>, Vec<String>> =
                std::collections::HashMap::new();
            for (owner, tag) in rows {
                map.entry(owner).or_default().push(tag);
            }
            Ok(map)
        }

        fn replace_tags(
            conn: &mut $crate::connection::AnyConnection,
            org: domain::OrgId,
            owner: $id,
            tags: &[String],
        ) -> $crate::error::Result<()> {
            use $crate::schema::$table as t;
            let org = $crate::convert::bytes(&org);
            let owner = $crate::convert::bytes(&owner);
            diesel::delete(
                t::table
                    .filter(t::org_id.eq(&org))
                    .filter(t::$owner.eq(&owner)),
            )
            .execute(conn)?;
            for tag in tags {
                diesel::insert_into(t::table)
                    .values((t::org_id.eq(&org), t::$owner.eq(&owner), t::tag.eq(tag)))
                    .execute(conn)?;
            }
            Ok(())
        }
    };
}
pub(crate) use tag_store;
