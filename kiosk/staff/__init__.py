"""Staff tools behind the PIN: waitlists, GDPR requests, exports, content, usage, status."""
