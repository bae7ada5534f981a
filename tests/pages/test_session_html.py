"""The session page's lists rendered in Python (plenums.web.session_html) are byte for byte what the
template loops they replace gave, hostile text and search marks included, in both interfaces;
facts linked to their sentence and doubted facts are escaped as carefully."""

import pytest
from django.template import engines
from django.utils import translation
from django.utils.safestring import mark_safe

from plenums.web import session_html
from plenums.web.paragraphs import paragraphs
from search.page.marks import QueryMarks

# The loops as session.html had them, reading the same rows.
LOOPS = (
    "{% load i18n l10n plenums_tags %}{% localize off %}\n{% for p in paragraphs %}"
    '\n    <p id="p{{ p.n }}"{% if p.warnings %} class="flagged"{% endif %} lang="'
    '{{ script_lang }}"><a class="pilcrow" lang="{{ html_lang }}" href="#p{{ p.n }}'
    '" aria-label="{% blocktranslate with n=p.n %}第 {{ n }} 段的链接'
    '{% endblocktranslate %}">{{ p.n }}</a>{% for text, kind in p.segments %}'
    '{% if kind %}<mark class="flag" title="{{ kind|warning_label }}" lang="'
    '{{ html_lang }}"><span lang="{{ script_lang }}">{{ text }}</span></mark>'
    "{% else %}{{ text }}{% endif %}{% endfor %}</p>\n    {% endfor %}|"
    '{% for name, committee, roles, actions, _, _, _ in appearances %}<li><a href="'
    '{% url "plenums:person" name committee %}" lang="{{ script_lang }}">{{ name }}'
    '</a>{% if roles %} <span class="role" lang="{{ script_lang }}">'
    '{{ roles|join:"、" }}</span>{% endif %}{% if actions %}'
    ' <span class="actions" lang="{{ script_lang }}">{{ actions|join:"、" }}</span>'
    '{% endif %}</li>{% endfor %}|{% for action, title, _, _ in documents %}<li lang="'
    '{{ script_lang }}">{{ action }}《{{ title }}》</li>{% endfor %}|'
    '{% for phrase, count in occurrences %}<li><a href="{{ phrase|phrase_url }}'
    '" lang="{{ script_lang }}">{{ phrase }}</a> <span class="count">×{{ count }}'
    '</span></li>{% endfor %}|{% for p in new %}<a href="{{ p|phrase_url }}" lang="'
    '{{ script_lang }}">{{ p }}</a>{% if not forloop.last %}、{% endif %}{% empty %}'
    '{% translate "无" %}{% endfor %}|{% for k in kept %}<a href="'
    '{{ k.phrase|phrase_url }}" lang="{{ script_lang }}">{{ k.phrase }}</a> '
    "{{ k.before }}→{{ k.now }}{% if not forloop.last %}、{% endif %}{% empty %}"
    '{% translate "无" %}{% endfor %}|{% for w in warnings %}<li><strong title="'
    '{{ w.kind }}">{{ w.kind|warning_label }}</strong>{% if w.paragraph %}'
    ' <a href="#p{{ w.paragraph }}">{% blocktranslate with n=w.paragraph %}第 {{ n }}'
    ' 段{% endblocktranslate %}</a>{% endif %}: <q lang="{{ script_lang }}">'
    "{{ w.excerpt }}</q></li>{% endfor %}{% endlocalize %}"
)

HOSTILE = "<b>&\"'x"
TEXT = f"全会指出,{HOSTILE}要坚持高质量发展。\n\n經濟<發展>\n第三段 a&b"


def rows(query):
    warnings = [
        {"kind": "mojibake", "offset": 5, "excerpt": HOSTILE},
        {"kind": f"new{HOSTILE}", "offset": 25, "excerpt": "經濟"},
        {"kind": "date_unknown", "excerpt": HOSTILE},
    ]
    marks = QueryMarks(query)
    return {
        "paragraphs": marks.apply(paragraphs(TEXT, warnings)),
        "warnings": warnings,
        # Facts without a span or a doubt: what the page always showed.
        "appearances": [
            (HOSTILE, "jiading", ["书记", HOSTILE], ["讲话"], "", [], []),
            ("高香", "jiading", [], [], "", [], []),
            ("陆方舟", "chongming", [], [HOSTILE, "主持"], "", [], []),
        ],
        "documents": [("审议通过", HOSTILE, "", []), (HOSTILE, "决议", "", [])],
        "occurrences": [(f"十四五{HOSTILE}", 3), ("A&B 50%", 1)],
        "new": [f"十四五{HOSTILE}", "新质生产力"],
        "kept": [
            {"phrase": "A&B 50%", "before": 2, "now": 1},
            {"phrase": "改革", "before": 1, "now": 12},
        ],
    }


def in_python(r, script_lang, html_lang):
    return "|".join(
        [
            "\n" + session_html.paragraphs(r["paragraphs"], script_lang, html_lang),
            session_html.speakers(r["appearances"], script_lang, html_lang),
            session_html.documents(r["documents"], script_lang, html_lang),
            session_html.phrase_chips(r["occurrences"], script_lang),
            session_html.phrase_links(r["new"], script_lang),
            session_html.phrases_kept(r["kept"], script_lang),
            session_html.warnings(r["warnings"], script_lang),
        ]
    )


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("query", ["", "经济", "发展 <b>", "a&b"])
def test_lists_render_as_the_template_loops_did(language, query):
    script_lang, html_lang = (
        mark_safe("zh-Hant"),
        mark_safe("en" if language == "en" else "zh-Hant"),
    )
    with translation.override(language):
        expected = (
            engines["django"]
            .from_string(LOOPS)
            .render({**rows(query), "script_lang": script_lang, "html_lang": html_lang})
        )
        got = in_python(rows(query), script_lang, html_lang)
    assert "&lt;b&gt;&amp;&quot;&#x27;x" in got and "<b>" not in got
    assert got == expected


def test_empty_changes_say_none_in_the_interface_language():
    with translation.override("zh-hans"):
        assert session_html.phrases_kept([], "zh-Hans") == "无"
    with translation.override("en"):
        assert session_html.phrase_links([], "zh-Hans") == "none"


def test_speakers_and_documents_link_their_sentences_and_name_their_doubts():
    speaker = (
        HOSTILE,
        "jiading",
        ["书记", "区长"],
        [],
        "/s/x/?fact=speaker-1#p3",
        ["", "/r#p4"],
        ["x<"],
    )
    document = ("通过", HOSTILE, "/s/x/?fact=document-1#p2", ["short_title"])
    with translation.override("zh-hans"):
        people = session_html.speakers([speaker], "zh-Hant", "zh-Hans")
        docs = session_html.documents([document], "zh-Hant", "zh-Hans")
    assert (
        '<a class="source-link" href="/s/x/?fact=speaker-1#p3" lang="zh-Hans" '
        'aria-label="出处:第 3 段">¶3</a>'
    ) in people
    # A role without a span stays text; an unknown doubt code is named as it is, escaped.
    assert '<span class="role" lang="zh-Hant">书记、<a href="/r#p4">区长</a></span>' in people
    assert 'aria-label="存疑:x&lt;"' in people and "<b>" not in people
    assert docs == (
        '<li lang="zh-Hant">通过《<a href="/s/x/?fact=document-1#p2">&lt;b&gt;&amp;&quot;&#x27;x'
        '</a>》 <span class="doubt" role="img" lang="zh-Hans" aria-label="存疑:标题为简称" '
        'title="存疑:标题为简称">?</span></li>'
    )
