"""Reusable widgets for the touch kiosk: QR code, on-screen keyboard, keypad, tiles."""
