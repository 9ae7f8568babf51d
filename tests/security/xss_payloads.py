"""The XSS corpus of the security battery: 100 hostile texts written for this product, numbered 100-199.

Each payload carries its number once as ``xss<number>`` (``__xss(<number>)`` calls the marker the browser test
defines, ``data-xss<number>`` marks an element it would inject), so a page, a PDF or a cell that shows it can
be traced back to it. ``{n}`` is the payload's number. The corpus is grouped by where an unescaped text would
land: element content, a quoted or unquoted attribute, a URL, an event handler, SVG/MathML, a client-side
template, JSON inside a script, CSS, HTMX/Alpine attributes, encoding tricks and spreadsheet formulas.
"""

import re

FIRST = 100

_ELEMENTS = [
    "<script>__xss({n})</script>",
    "<ScRiPt data-xss{n}>__xss({n})</sCrIpT>",
    "<img src=x onerror=__xss({n}) data-xss{n}>",
    "<img/src/onerror=__xss({n})/data-xss{n}>",
    '<iframe data-xss{n} srcdoc="<script>parent.__xss({n})</script>">',
    "<details open ontoggle=__xss({n}) data-xss{n}>",
    "<body onload=__xss({n}) data-xss{n}>",
    "<video><source onerror=__xss({n}) data-xss{n}></video>",
    "<audio src=x onerror=__xss({n}) data-xss{n}>",
    "<input autofocus onfocus=__xss({n}) data-xss{n}>",
    "<b data-xss{n}>",
    "<p data-xss{n}>",
    "--><img src=x onerror=__xss({n}) data-xss{n}>",
    "</textarea><img src=x onerror=__xss({n}) data-xss{n}>",
    "</title><img src=x onerror=__xss({n}) data-xss{n}>",
    '<noscript><p title="</noscript><img src=x onerror=__xss({n}) data-xss{n}>">',
    "<scr<script>ipt>__xss({n})</scr</script>ipt>",
    "<object data-xss{n} data=javascript:__xss({n})>",
]

_ATTRIBUTES = [
    '" onmouseover="__xss({n})" data-xss{n}="',
    '"><img src=x onerror=__xss({n}) data-xss{n}>',
    '" autofocus onfocus="__xss({n})" data-xss{n}="',
    "' onfocus='__xss({n})' autofocus data-xss{n}='",
    "'><svg onload=__xss({n}) data-xss{n}>",
    " onfocus=__xss({n}) autofocus data-xss{n}=",
    "x data-xss{n} onclick=__xss({n})",
    "` onmouseover=__xss({n}) data-xss{n}",
    '"\tonfocus=__xss({n})\tautofocus\tdata-xss{n}="',
    '"/onfocus=__xss({n})/autofocus/data-xss{n}="',
    '" style=animation-name:spin onanimationstart=__xss({n}) data-xss{n} x="',
]

_URLS = [
    "javascript:__xss({n})",
    "JaVaScRiPt:__xss({n})",
    "java\tscript:__xss({n})",
    "java&#x09;script:__xss({n})",
    "javascript&colon;__xss({n})",
    "data:text/html,<script>__xss({n})</script>",
    "//evil.example/xss{n}",
    '<a href="javascript:__xss({n})" data-xss{n}>link</a>',
    '<form action="javascript:__xss({n})"><button data-xss{n}>go</button></form>',
    "<button formaction=javascript:__xss({n}) data-xss{n}>go</button>",
    '<base href="javascript:__xss({n})//" data-xss{n}>',
    '<meta http-equiv=refresh content="0;url=javascript:__xss({n})" data-xss{n}>',
]

_EVENTS = [
    "<div onpointerenter=__xss({n}) data-xss{n}>hover</div>",
    "<p onwheel=__xss({n}) data-xss{n}>scroll</p>",
    "<div popover id=p{n} onbeforetoggle=__xss({n}) data-xss{n}>",
    "<section tabindex=1 onfocusin=__xss({n}) data-xss{n}>",
    "<marquee onstart=__xss({n}) data-xss{n}>m</marquee>",
    "<select autofocus onfocus=__xss({n}) data-xss{n}>",
]

_SVG_MATHML = [
    "<svg onload=__xss({n}) data-xss{n}>",
    "<svg><script>__xss({n})</script></svg>",
    '<svg><a xlink:href="javascript:__xss({n})" data-xss{n}><text y=9>t</text></a></svg>',
    "<svg><animate onbegin=__xss({n}) attributeName=x dur=1s data-xss{n}>",
    "<svg><set attributeName=onload to=__xss({n}) data-xss{n}>",
    "<svg><foreignObject><img src=x onerror=__xss({n}) data-xss{n}></foreignObject></svg>",
    "<svg><style><img src=x onerror=__xss({n}) data-xss{n}></style></svg>",
    "<math><mtext><img src=x onerror=__xss({n}) data-xss{n}></mtext></math>",
    '<math href="javascript:__xss({n})" data-xss{n}>m</math>',
    "<math><mi xlink:href=javascript:__xss({n}) data-xss{n}>m</mi></math>",
]

_TEMPLATES = [
    "${{__xss({n})}}",
    "`${{__xss({n})}}`",
    "{{{{constructor.constructor('__xss({n})')()}}}}",
    "{{{{__xss({n})}}}}",
    "{{% debug %}}xss{n}",
    "#{{__xss({n})}}",
]

_JSON_IN_SCRIPT = [
    "</script><script>__xss({n})</script>",
    '"}};__xss({n});//',
    "'}};__xss({n});//",
    "\\u003cscript\\u003e__xss({n})\\u003c/script\\u003e",
    "</script><img src=x onerror=__xss({n}) data-xss{n}>",
    "<!--<script>__xss({n})</script>",
    '{{"a":"</script><svg onload=__xss({n})>"}}',
]

_CSS = [
    '<style>*{{background:url("javascript:__xss({n})")}}</style>',
    '<div style="background:url(javascript:__xss({n}))" data-xss{n}>',
    '<p style="width:expression(__xss({n}))" data-xss{n}>',
    "</style><style>@import'//evil.example/xss{n}.css';</style>",
    "<link rel=stylesheet href=//evil.example/xss{n}.css data-xss{n}>",
    ";}}body{{background:red}}/*xss{n}",
    "<style>@keyframes s{{}}</style><b style=animation-name:s onanimationend=__xss({n}) data-xss{n}>",
]

_HTMX = [
    '<div hx-get="/logout/" hx-trigger="load" data-xss{n}>',
    '<div hx-on:htmx:load="__xss({n})" data-xss{n}>',
    '<div hx-on::load="__xss({n})" data-xss{n}>',
    "<a hx-post=/ hx-trigger=load hx-swap=outerHTML data-xss{n}>",
    "<div hx-vals='js:{{a:__xss({n})}}' hx-get=/ hx-trigger=load data-xss{n}>",
    '<div data-hx-on:click="__xss({n})" data-xss{n}>',
    '<div x-data x-init="__xss({n})" data-xss{n}>',
]

_ENCODINGS = [
    "&lt;img src=x onerror=__xss({n})&gt;",
    "%3Cscript%3E__xss({n})%3C/script%3E",
    "&#60;script&#62;__xss({n})&#60;/script&#62;",
    "\\x3cscript\\x3e__xss({n})\\x3c/script\\x3e",
    "\uff1cscript\uff1e__xss({n})\uff1c/script\uff1e",
    "<img src=x onerror=&#95;&#95;xss({n}) data-xss{n}>",
    "+ADw-script+AD4-__xss({n})+ADw-/script+AD4-",
    '<img src=x onerror="__xss&#40;{n}&#41;" data-xss{n}>',
    "<img src=x onerror=__xss({n}) data-xss{n}\u200b>",
    "\u202e<img src=x onerror=__xss({n}) data-xss{n}>",
    "<im\u0300g src=x onerror=__xss({n}) data-xss{n}>",
]

_FORMULAS = [
    '=HYPERLINK("http://evil.example/xss{n}","open")',
    "+cmd|' /C calc'!xss{n}",
    "-2+3+cmd|'xss{n}'!A1",
    "@SUM(1+1)*cmd|'xss{n}'!A1",
    "=1+1 xss{n}",
]

TEMPLATES = (
    _ELEMENTS + _ATTRIBUTES + _URLS + _EVENTS + _SVG_MATHML + _TEMPLATES + _JSON_IN_SCRIPT + _CSS + _HTMX + _ENCODINGS
)
TEMPLATES += _FORMULAS
PAYLOADS: list[str] = [template.format(n=FIRST + index) for index, template in enumerate(TEMPLATES)]

# The number a payload carries: after "xss", "xss(" or "xss&#40;" (the escaped bracket of one trick).
MARKER = re.compile(r"xss(?:\(|&#40;)?(1\d\d)")


def number_of(payload: str) -> int:
    """The payload's number (100-199)."""
    return int(MARKER.search(payload).group(1))


def pack(start: int, limit: int | None) -> tuple[str, list[int], int]:
    """As many payloads as fit in ``limit`` characters from index ``start`` on (wrapping), joined by a space.

    Returns the text, the numbers of the payloads it holds and the index to start from next; payloads too long
    for ``limit`` are passed over.
    """
    chosen: list[str] = []
    length, index = -1, start
    for index in range(start, start + len(PAYLOADS)):
        payload = PAYLOADS[index % len(PAYLOADS)]
        if limit is not None and length + 1 + len(payload) > limit:
            if chosen:
                break
            continue
        chosen.append(payload)
        length += 1 + len(payload)
    else:
        index += 1
    return " ".join(chosen), [number_of(payload) for payload in chosen], index % len(PAYLOADS)
