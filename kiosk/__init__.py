"""Walk-in touch kiosk of the Centro per le Famiglie della Piana di Lucca."""

__version__ = "0.1.0"
