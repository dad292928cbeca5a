"""Numbered schema migrations, applied in order by `kiosk.models.schema.migrate`."""
