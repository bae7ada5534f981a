"""Saved web pages of one plenum report in five portal layouts, either script, any encoding."""

from dataclasses import dataclass
from html import escape
from importlib.metadata import version

from plenums.chinese import to_traditional

TITLE = "中共湄潭县委十三届五次全会召开"
# No year in the text: the page's own date must give it.
PARAGRAPHS = (
    "12月28日，中国共产党湄潭县第十三届委员会第五次全体会议召开。全会由县委常委会主持。",
    "县委书记王建华代表县委常委会作工作报告，县委副书记、县长李明出席会议。",
    "全会审议通过了《中共湄潭县委关于深化改革推动高质量发展的决定》。",
    "全会强调，要坚持稳中求进工作总基调，推动经济社会持续健康发展，奋力谱写新篇章。",
)
# A report naming only 县委: the site's name is the evidence of the county.
BARE_TITLE = "县委十三届五次全会召开"
BARE_PARAGRAPHS = (
    "12月28日，县委十三届五次全会召开。全会由县委常委会主持。",
    "县委书记王建华代表县委常委会作工作报告，县委副书记、县长李明出席会议。",
    "全会审议通过了《关于深化改革推动高质量发展的决定》。",
    "全会强调，要坚持稳中求进工作总基调，推动经济社会持续健康发展，奋力谱写新篇章。",
)
# Words of the navigation, related lists, recommendations and footers: none may reach the text.
CHROME = (
    "网站首页",
    "政务公开",
    "网上办事",
    "互动交流",
    "全县秋粮收购工作稳步推进",
    "湄江湿地公园游客增多",
    "版权所有",
    "黔ICP备",
    "网站标识码",
    "喜欢此内容的人还喜欢",
    "热门推荐",
    "上一期",
    "版面导航",
    "扫一扫在手机打开",
    "网友评论",
)
SITE = "湄潭县融媒体中心"
CANONICAL = "https://www.meitan.example.cn/xwzx/202412/t20241230_8812.html"
PUBLISHED = "2024-12-30"


@dataclass(frozen=True)
class Layout:
    name: str
    site: str  # the site name its metadata gives


def _p(paragraphs, tag="p", attrs="") -> str:
    return "\n".join(f"<{tag}{attrs}>{escape(text)}</{tag}>" for text in paragraphs)


def _related(items=("全县秋粮收购工作稳步推进", "湄江湿地公园游客增多")) -> str:
    return "".join(f'<li><a href="/xw/{i}.html">{escape(t)}</a></li>' for i, t in enumerate(items))


def media_centre(title, paragraphs, charset) -> str:
    """A county media centre's news page: menu bar, article, related news, footer."""
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="{charset}">
<title>{title}_{SITE}</title>
<meta property="og:site_name" content="{SITE}">
<meta property="og:title" content="{title}">
<meta name="PubDate" content="{PUBLISHED} 09:12">
<link rel="canonical" href="{CANONICAL}">
<script>var _hmt = _hmt || []; window.siteId = "mt";</script>
<style>.nav li{{display:inline}}</style>
</head><body>
<div class="header"><div class="logo">{SITE}</div>
<ul class="nav"><li><a href="/">网站首页</a></li><li><a href="/zw/">政务公开</a></li>
<li><a href="/bs/">网上办事</a></li><li><a href="/hd/">互动交流</a></li></ul></div>
<div class="main"><div class="article">
<h1>{title}</h1>
<div class="info">发布时间：{PUBLISHED} 09:12　来源：{SITE}　【字体：大 中 小】</div>
<div class="content" id="zoom">
{_p(paragraphs)}
</div>
<div class="share">扫一扫在手机打开</div>
</div>
<div class="related"><h3>相关新闻</h3><ul>{_related()}</ul></div></div>
<div class="footer"><p>版权所有：湄潭县人民政府办公室　黔ICP备12345678号-1</p>
<p>网站标识码：5203280001　地址：湄潭县湄江街道</p></div>
</body></html>"""


def government_portal(title, paragraphs, charset) -> str:
    """A county government portal's article page: breadcrumb, metadata table, side menu."""
    site = "湄潭县人民政府"
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
 "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}-{site}</title>
<meta name="SiteName" content="{site}"><meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="{PUBLISHED} 10:30"><meta name="ContentSource" content="{SITE}">
<meta property="og:url" content="{CANONICAL}">
</head><body>
<table class="top"><tr><td><a href="/">网站首页</a></td><td><a href="/zwgk/">政务公开</a></td>
<td><a href="/bsfw/">网上办事</a></td><td><a href="/hdjl/">互动交流</a></td></tr></table>
<div class="position">当前位置：<a href="/">网站首页</a> &gt; <a href="/zwgk/">政务公开</a></div>
<div class="left"><ul class="menu">{_related()}</ul></div>
<div class="right">
<div class="title"><h2>{title}</h2></div>
<table class="meta"><tr><td>发布日期：{PUBLISHED}</td><td>信息来源：{SITE}</td>
<td>浏览次数：1024</td></tr></table>
<div class="TRS_Editor">
{_p(paragraphs, attrs=' style="text-indent:2em"')}
</div>
<div class="print"><a href="javascript:window.print()">打印本页</a>
<a href="javascript:window.close()">关闭窗口</a></div></div>
<div class="footer">主办单位：{site}　版权所有　网站标识码：5203280001　黔ICP备12345678号</div>
</body></html>"""


def wechat(title, paragraphs, charset) -> str:
    """A WeChat official-account article: sections and spans, recommendations after."""
    # Its editors nest sections and write each paragraph as a section of spans.
    spans = "\n".join(
        '<section style="margin:0 8px"><section style="line-height:1.75em">'
        f'<span style="font-size:16px">{escape(t)}</span></section></section>'
        for t in paragraphs
    )
    return f"""<!DOCTYPE html><html><head><meta charset="{charset}">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta property="og:title" content="{title}"><meta property="og:url" content="{CANONICAL}">
<meta property="og:site_name" content="{SITE}">
<meta property="article:published_time" content="{PUBLISHED}T09:12:00+08:00">
<title>{title}</title></head><body id="activity-detail">
<div class="rich_media_area_primary"><h1 class="rich_media_title" id="activity-name">{title}</h1>
<div id="meta_content"><span class="rich_media_meta_nickname"><a id="js_name">{SITE}</a></span>
<em id="publish_time">{PUBLISHED} 09:12</em></div>
<div class="rich_media_content" id="js_content">
{spans}
</div></div>
<div class="qr_code_pc"><p>微信扫一扫<br>关注本账号</p></div>
<div id="js_related_area"><h3>喜欢此内容的人还喜欢</h3><ul>{_related()}</ul></div>
</body></html>"""


def epaper(title, paragraphs, charset) -> str:
    """A city daily's e-paper page: page list, the article among the page's others."""
    site = "遵义日报"
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{site}数字报-{title}</title>
<meta name="publishdate" content="{PUBLISHED}">
<link rel="canonical" href="{CANONICAL}">
</head><body>
<div class="paper-nav"><span>第01版：要闻</span> <a href="../node_2.htm">上一版</a>
<a href="../node_4.htm">下一版</a> <a href="/html/2024-12/29/">上一期</a>
<a href="/html/2024-12/31/">下一期</a></div>
<table width="100%"><tr><td class="left" width="30%">
<div class="pageNav"><h4>版面导航</h4><ul><li>第01版：要闻</li><li>第02版：综合</li></ul></div>
<div class="titles"><h4>本版标题</h4><ul>{_related()}</ul></div>
</td><td class="right">
<founder-title><h1>{title}</h1></founder-title>
<founder-author>本报记者 刘洋</founder-author>
<div id="ozoom"><founder-content>
{_p(paragraphs)}
</founder-content></div>
</td></tr></table>
<div class="foot">{site}社版权所有 未经书面授权不得复制 黔ICP备87654321号</div>
</body></html>"""


def aggregator(title, paragraphs, charset) -> str:
    """A repost aggregator: ads, hot list, the reposted article with its 来源 line, comments."""
    site = "黔北资讯网"
    return f"""<!doctype html><html><head><meta charset="{charset}">
<title>{title} - {site}</title><meta property="og:site_name" content="{site}">
<meta property="article:published_time" content="{PUBLISHED}T20:05:00+08:00">
<script src="/ads.js"></script></head><body>
<nav><a href="/">网站首页</a> | <a href="/local/">本地</a> | <a href="/hot/">热门推荐</a></nav>
<aside class="hot"><h3>热门推荐</h3><ol>{_related()}</ol></aside>
<article><h1>{title}</h1><div class="byline">{PUBLISHED} 20:05 · 转载</div>
{_p(paragraphs)}
<p class="src">来源：{SITE}</p></article>
<section class="comments"><h3>网友评论</h3><div class="comment">说得好！</div></section>
<footer>版权所有 {site} 黔ICP备00000000号</footer></body></html>"""


LAYOUTS = {
    "media_centre": (media_centre, SITE),
    "government_portal": (government_portal, "湄潭县人民政府"),
    "wechat": (wechat, SITE),
    "epaper": (epaper, "遵义日报"),
    "aggregator": (aggregator, "黔北资讯网"),
}
ENCODINGS = {"Hans": ("utf-8", "gbk"), "Hant": ("utf-8", "big5")}


def page(layout: str, script: str = "Hans", encoding: str = "utf-8", bare=False) -> bytes:
    """The report in a layout, in a script (Hans, Hant) and encoding, as a saved page's bytes."""
    build, _site = LAYOUTS[layout]
    title, paragraphs = (BARE_TITLE, BARE_PARAGRAPHS) if bare else (TITLE, PARAGRAPHS)
    html = build(title, paragraphs, encoding)
    if script == "Hant":
        html = to_traditional(html)
    return html.encode(encoding)


HTMLDATE_NAME = f"htmldate {version('htmldate')}"
