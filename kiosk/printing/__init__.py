"""Paper tickets on an ESC/POS receipt printer (python-escpos, the optional extra `printer`)."""
