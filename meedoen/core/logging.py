"""Log filter that masks anything that looks like a BSN (8 or 9 digits in a row)."""

from __future__ import annotations

import logging
import re

BSN_LIKE = re.compile(r"(?<!\d)\d{8,9}(?!\d)")


def mask_bsn_like(text: str) -> str:
    return BSN_LIKE.sub("*********", text)


class MaskBsnFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_bsn_like(message)
        if masked != message:
            record.msg = masked
            record.args = None
        return True
