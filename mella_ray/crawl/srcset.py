"""`srcset` as the HTML standard tokenizes it, and the candidate a crawler wants: the largest.

URLs may contain commas (`img,v=1.jpg 100w`); a candidate ends at a comma after its
descriptors. The largest candidate by width (`w`), else by density (`x`), is the one worth
keeping: a caption dataset wants the best copy of a picture, not its thumbnail.
"""

from __future__ import annotations


def parse_srcset(srcset: str) -> list[tuple[str, float, str]]:
    """[(url, value, 'w'|'x')] from a srcset, following the HTML spec's tokenizer.

    URLs may contain commas; a candidate ends at a comma after its descriptors.
    """
    out, i, n = [], 0, len(srcset)
    while i < n:
        while i < n and (srcset[i].isspace() or srcset[i] == ","):
            i += 1
        start = i
        while i < n and not srcset[i].isspace():
            i += 1
        url = srcset[start:i]
        descriptor = ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            start = i
            depth = 0
            while i < n and (srcset[i] != "," or depth):
                depth += srcset[i] == "("
                depth -= srcset[i] == ")"
                i += 1
            descriptor = srcset[start:i].strip()
        if not url:
            continue
        kind, value = "x", 1.0
        for tok in descriptor.split():
            try:
                if tok[-1:] in ("w", "x") and len(tok) > 1:
                    kind, value = tok[-1], float(tok[:-1])
            except ValueError:
                pass
        out.append((url, value, kind))
    return out


def best_candidate(candidates: list[tuple[str, float, str]]) -> str | None:
    """The largest candidate: by width where widths are given, else by density."""
    candidates = [c for c in candidates if not c[0].startswith("data:")]
    if not candidates:
        return None
    widths = [c for c in candidates if c[2] == "w"]
    pool = widths or candidates
    return max(pool, key=lambda c: c[1])[0]
