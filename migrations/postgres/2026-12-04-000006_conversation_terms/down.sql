DROP TABLE ticket_conversation_terms;
