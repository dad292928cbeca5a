"""Staff screens: PIN pad, waitlists, people (GDPR), content, statistics, status."""
