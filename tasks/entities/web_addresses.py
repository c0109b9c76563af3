"""A web address German text names is a name: ``spymac.com``, ``www.zamg.ac.at``, ``WELT.de``.

News names websites as it names papers (``sagte Klicksafe.de``, ``laut kath.net``), and GermEval 2014
tags such an address OTH (15 of the 17 in its 5,100 sentences; the other two are inside a name or
a company, ``EM.TV``). The models rarely saw one in training and leave most untagged. A token
spaCy's tokenizer keeps whole as a site's address (``www.zamg.ac.at``, ``derStandard.at``) that no
entity covers is tagged MISC, without a canonical id. A link to a page or a picture
(``pic.twitter.com/oOo10gTVc2``, scraped tweets' residue) names no site and stays untagged, as do
abbreviations (``z.B.``, ``u.a.``, ``Co.KG``) and e-mail addresses. German only: CoNLL-2002's
Dutch gold leaves addresses untagged (``www.fnac.com``), and ``tag_texts`` follows each
language's gold.
"""

from __future__ import annotations

import re

# Generic top-level domains and the country codes news writes addresses under, in lower case as news
# writes them (``Co.KG`` is no address, nor is the union ``ver.di``).
_DOMAINS = (
    "com net org info biz edu gov tv fm io co to me "
    "at de ch li lu nl be fr it es pt uk eu us ca au nz ru ua by pl cz sk hu ro bg hr si rs ba mk al gr tr cy "
    "se no dk fi is ie ee lv lt il in cn jp kr tw hk sg br ar mx cl za"
).split()
_ADDRESS = re.compile(r"(?:[Hh][Tt][Tt][Pp][Ss]?://)?(?:[\w-]+\.)*[\w-]{2,}\.(?:" + "|".join(_DOMAINS) + r")/?")


def is_web_address(word: str) -> bool:
    """Whether a token is a web address or a site's domain (``spymac.com``), not an e-mail address."""
    return "@" not in word and any(c.isalpha() for c in word.split(".")[0]) and _ADDRESS.fullmatch(word) is not None
