"""The KIOSK_PRINTER setting: which receipt printer, through which connection (no I/O here)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["none", "usb", "network", "serial", "file"]
DEFAULT_PORT = 9100  # raw TCP port of network receipt printers
DEFAULT_BAUD = 9600
BAUDS = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
_HEX4 = re.compile(r"^(0x)?[0-9a-fA-F]{1,4}$")
_HOST = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$")
EXAMPLES = (
    "none, usb:04b8:0202, network:192.168.1.50[:9100], serial:/dev/ttyUSB0[:9600], "
    "file:/dev/usb/lp0"
)


class PrinterSettingError(ValueError):
    """The setting cannot be read; the message says what to write instead."""


@dataclass(frozen=True)
class PrinterTarget:
    """Where tickets go: `kind` and its address (vendor/product ids, host and port, device)."""

    kind: Kind = "none"
    vendor: int = 0
    product: int = 0
    host: str = ""
    port: int = DEFAULT_PORT
    path: str = ""
    baud: int = DEFAULT_BAUD

    @property
    def configured(self) -> bool:
        return self.kind != "none"

    @property
    def setting(self) -> str:
        """The setting written back in its normal form."""
        match self.kind:
            case "usb":
                return f"usb:{self.vendor:04x}:{self.product:04x}"
            case "network":
                return f"network:{self.host}:{self.port}"
            case "serial":
                return f"serial:{self.path}:{self.baud}"
            case "file":
                return f"file:{self.path}"
        return "none"


def _hex(text: str, what: str) -> int:
    if not _HEX4.match(text):
        raise PrinterSettingError(f"{what} {text!r} is not 4 hex digits (write e.g. usb:04b8:0202)")
    return int(text, 16)


def parse_printer(text: str) -> PrinterTarget:
    """Read a KIOSK_PRINTER value; PrinterSettingError names what is wrong."""
    text = text.strip()
    kind, _, rest = text.partition(":")
    kind = kind.lower()
    if kind in ("", "none"):
        return PrinterTarget()
    if kind == "usb":
        vendor, _, product = rest.partition(":")
        return PrinterTarget(
            kind="usb", vendor=_hex(vendor, "vendor id"), product=_hex(product, "product id")
        )
    if kind == "network":
        host, _, port = rest.partition(":")
        if not _HOST.match(host):
            raise PrinterSettingError("write network:HOST or network:HOST:PORT")
        number = int(port) if port.isdigit() else (DEFAULT_PORT if not port else 0)
        if not 1 <= number <= 65535:
            raise PrinterSettingError(f"port {port!r}: write a number from 1 to 65535")
        return PrinterTarget(kind="network", host=host, port=number)
    if kind == "serial":
        path, _, baud = rest.partition(":")
        rate = int(baud) if baud.isdigit() else (DEFAULT_BAUD if not baud else 0)
        if not path.startswith("/"):
            raise PrinterSettingError("write serial:/dev/ttyUSB0 or serial:/dev/ttyUSB0:9600")
        if rate not in BAUDS:
            raise PrinterSettingError(f"baud {baud!r}: choose one of {', '.join(map(str, BAUDS))}")
        return PrinterTarget(kind="serial", path=path, baud=rate)
    if kind == "file":
        if not rest.startswith("/"):
            raise PrinterSettingError("write an absolute path, e.g. file:/dev/usb/lp0")
        return PrinterTarget(kind="file", path=rest)
    raise PrinterSettingError(f"unknown printer kind {kind!r}; write one of: {EXAMPLES}")
