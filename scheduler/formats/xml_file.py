"""Reading an XML file (FET's and XHSTT's) with defusedxml: entity expansion and external entities
are refused, a file declared in an encoding the parser lacks is decoded first, and every failure is
one problem naming the file."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError
from xml.parsers.expat import errors as expat_errors

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from models.loading import os_reason_zh
from models.validation import InputError, Problem

MAX_BYTES = 50_000_000


def parse_xml(path: Path, shown: str | None = None) -> Element:
    """The root element of an XML file; InputError naming the file (as `shown`, else its path) for
    anything unreadable, too large, hostile (a DTD or entities: defusedxml) or malformed (by line and
    column)."""
    shown = shown or str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        english = f"cannot read the file: {error.strerror or error}"
        raise InputError([Problem(shown, english, f"无法读取文件：{os_reason_zh(error)}")]) from None
    if len(data) > MAX_BYTES:
        megabytes = MAX_BYTES // 1_000_000
        raise InputError([Problem(shown, f"the file is larger than {megabytes} MB", f"文件大于{megabytes}兆字节")])
    try:
        return fromstring(_expat_readable(shown, data), forbid_dtd=True)
    except DefusedXmlException as error:
        english = f"refused: the XML declares a DTD or entities ({type(error).__name__})"
        chinese = "拒绝读取：文件声明了文档类型定义或实体（可能有安全风险）"
        raise InputError([Problem(shown, english, chinese)]) from None
    except ParseError as error:
        line, column = error.position  # expat counts columns from 0
        english = f"malformed XML: {expat_errors.messages[error.code]}"
        chinese = "文件格式有误，无法解析（请检查此处附近的标记）"
        raise InputError([Problem(f"{shown}:{line}:{column + 1}", english, chinese)]) from None


DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["'][^>]*\?>""")


def _expat_readable(shown: str, data: bytes) -> bytes | str:
    """The file as the XML parser can read it: a file declared in a multi-byte encoding the parser
    lacks (GBK, GB18030, Big5: Chinese editors write these) is decoded here, its declaration dropped."""
    declared = DECLARED_ENCODING.match(data)
    if declared is None or declared.group(1).decode().lower().replace("-", "") in ("utf8", "utf16", "ascii", "usascii"):
        return data
    encoding = declared.group(1).decode()
    try:
        return data[declared.end() :].decode(encoding)
    except (LookupError, UnicodeDecodeError) as error:
        english = f"cannot read it as {encoding}, the encoding it declares: {error}"
        raise InputError([Problem(shown, english, f"无法按文件声明的编码“{encoding}”读取")]) from None
