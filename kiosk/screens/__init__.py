"""The kiosk's screens: one per file, class name = file name."""
