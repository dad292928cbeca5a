"""Waitlist screens: join form, confirmation with the ticket, ticket check and cancel."""
