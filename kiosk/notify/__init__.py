"""Messages to families (e-mail, SMS) through a durable transactional outbox; no Textual here."""
