"""Read back an ESC/POS byte stream: its text lines and its raster images (GS v 0).

Only the commands kiosk/printing/ticket.py emits through python-escpos are known; anything
else fails loudly, so a change of layout cannot slip past the tests unread.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image

ESC, GS, DLE = 0x1B, 0x1D, 0x10
# ESC commands and how many argument bytes follow them.
ESC_ARGS = {
    ord("E"): 1,
    ord("a"): 1,
    ord("t"): 1,
    ord("!"): 1,
    ord("d"): 1,
    ord("-"): 1,
    ord("M"): 1,
    ord("G"): 1,
    ord("@"): 0,
    ord("{"): 1,
    ord("V"): 1,
    ord("2"): 0,
    ord("3"): 1,
}
GS_ARGS = {ord("!"): 1, ord("B"): 1, ord("b"): 1, ord("L"): 2, ord("W"): 2}


@dataclass
class Printout:
    lines: list[str] = field(default_factory=list)
    big_lines: list[str] = field(default_factory=list)  # printed at double width and height
    images: list[Image.Image] = field(default_factory=list)
    cut: bool = False


def read(stream: bytes, encoding: str = "cp437") -> Printout:
    out = Printout()
    text = bytearray()
    big = False
    i = 0

    def end_line() -> None:
        line = text.decode(encoding)
        out.lines.append(line)
        if big:
            out.big_lines.append(line)
        text.clear()

    while i < len(stream):
        byte = stream[i]
        if byte == ESC:
            cmd = stream[i + 1]
            if cmd not in ESC_ARGS:
                raise ValueError(f"unknown command ESC {cmd:#x} at {i}")
            if cmd == ord("!"):
                big = stream[i + 2] & 0x30 == 0x30
            i += 2 + ESC_ARGS[cmd]
        elif byte == GS:
            cmd = stream[i + 1]
            if cmd == ord("v") and stream[i + 2] == ord("0"):
                width_bytes = stream[i + 4] | stream[i + 5] << 8
                height = stream[i + 6] | stream[i + 7] << 8
                start = i + 8
                size = width_bytes * height
                data = stream[start : start + size]
                assert len(data) == size, "image data cut short"
                image = Image.frombytes("1", (width_bytes * 8, height), data)
                # ESC/POS: a set bit is a black dot; PIL's mode 1: a set bit is white.
                out.images.append(Image.eval(image.convert("L"), lambda v: 255 - v))
                i = start + size
            elif cmd == ord("V"):
                out.cut = True
                mode = stream[i + 2]
                i += 4 if mode >= 65 else 3  # GS V m n (feed and cut) or GS V m
            elif cmd in GS_ARGS:
                i += 2 + GS_ARGS[cmd]
            else:
                raise ValueError(f"unknown command GS {cmd:#x} at {i}")
        elif byte == ord("\n"):
            end_line()
            i += 1
        elif byte == DLE:
            raise ValueError(f"status query in a print stream at {i}")
        else:
            text.append(byte)
            i += 1
    if text:
        end_line()
    return out
