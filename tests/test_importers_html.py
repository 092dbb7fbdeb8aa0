"""Saved web pages (.html/.htm/.mhtml): the article only, read like a .txt copy of it.

The pages are built here: a portal article page with a nav bar, a breadcrumb, a
sidebar that names another report before the article, the article in div#zoom
(<p>, <span>s cut mid-clause, &nbsp; indents, <br /> in the signature), a
share/print bar, 上一篇/下一篇 and a footer with 主办/ICP. The article's body
holds lines shaped like portal furniture, which must stay.
"""

from __future__ import annotations

import base64
import quopri
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.errors import ImportFailure
from desktop.importers import import_bytes, import_file, sniff

ROOT = Path(__file__).resolve().parent.parent
TITLE = "尼山镇2023年法治政府建设工作情况报告"
OTHER = "尼山镇2022年法治政府建设工作情况报告"
SITE = "尼山镇人民政府门户网站"

PARAS = [
    "2023年，尼山镇坚持以习近平法治思想为指导，全面贯彻落实党的二十大精神，扎实推进法治政府建设，现将有关情况报告如下：",
    "一、主要工作开展情况",
    "（一）加强组织领导。镇党委、政府把法治政府建设纳入全镇经济社会发展总体规划，召开专题会议4次，研究解决重点问题12个。",
    "首页 > 政务公开 > 法治政府",  # a body line shaped like a breadcrumb
    "（二）推进依法行政。全年审查规范性文件3件、重大行政决策2项，合法性审查率达到100%，主办单位：镇司法所。",
    "二、存在的问题",
    "一是部分干部法治意识有待提高；二是执法队伍专业化水平不高，“分享 打印 关闭”等网上服务功能仍需完善。",
    "三、下一步工作打算",
    "2024年，我镇将继续深化法治宣传教育，推动法治政府建设再上新台阶。",
    "来源：本报告数据来源于镇统计站年报，发布时间为2024年1月。",  # lookalike lines next to the tail
]
SIGNATURE = ["尼山镇人民政府", "2024年1月10日"]
FURNITURE = [SITE, "当前位置", "相关链接", "中国政府网", OTHER, "热点文章", "发布时间：", "浏览次数", "字体",
             "分享到", "打印本页", "关闭窗口", "上一篇", "下一篇", "主办：", "网站地图", "网站标识码", "ICP备",
             "siteName", "doZoom", "float:left", "请输入关键字", "&nbsp;", "&ldquo;", "\xa0", "\ufffd"]


def _escape(p: str) -> str:
    return p.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _article(paras: list[str], style: int) -> str:
    out = []
    for p in paras:
        p = _escape(p)
        if style == 0:
            out.append(f"<p>{p}</p>")
        elif style == 1:  # a paragraph in <span>s cut mid-clause, indented with &nbsp;
            half = len(p) // 2
            out.append(f'<p>&nbsp;&nbsp;&nbsp;&nbsp;<span style="font-family:仿宋_GB2312;font-size:16pt;">{p[:half]}'
                       f'</span><span style="font-family:仿宋_GB2312;font-size:16pt;">{p[half:]}</span></p>')
        elif style == 2:  # headings in <strong>, quotes as entities
            p = p.replace("“", "&ldquo;").replace("”", "&rdquo;")
            if p[:2] in ("一、", "二、", "三、"):
                out.append(f'<p style="text-indent:2em;"><strong>{p}</strong></p>')
            else:
                out.append(f'<p style="text-indent:2em;">{p}</p>')
        else:  # a <div> per paragraph
            out.append(f"<div>{p}</div>")
    return "\n".join(out)


def portal_page(paras: list[str] | None = None, *, charset: str = "utf-8", style: int = 0, h1: bool = True,
                sign: bool = True, title: str = TITLE) -> str:
    """A portal article page as a browser saves it ("网页，仅 HTML")."""
    paras = PARAS if paras is None else paras
    signature = f'<p style="text-align:right;">{SIGNATURE[0]}<br />{SIGNATURE[1]}</p>' if sign else ""
    heading = f"<h1>{title}</h1>" if h1 else ""
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<title>{title}_{SITE}</title>
<style type="text/css">.nav li {{ float:left; padding:0 12px; }}</style>
<script type="text/javascript">var siteName = "{SITE}"; function doZoom(size) {{ }}</script>
</head>
<body>
<div class="top"><div class="logo">{SITE}</div><input type="text" value="请输入关键字" /></div>
<div class="nav"><ul><li><a href="/">首页</a></li> • <li><a href="#">政务公开</a></li> • <li><a href="#">政务服务</a></li> • <li><a href="#">互动交流</a></li></ul></div>
<div class="location">当前位置：<a href="/">首页</a> » <a href="#">政务公开</a> › <a href="#">法治政府建设</a> » 正文</div>
<div class="main">
<div class="left sidebar"><h3>相关链接</h3><ul><li><a href="#">中国政府网</a></li><li><a href="#">国家法律法规数据库</a></li></ul>
<h3>热点文章</h3><ul><li><a href="#">{OTHER}</a></li><li><a href="#">尼山镇政府信息公开工作年度报告</a></li></ul></div>
<div class="article">
{heading}
<div class="info">发布时间：2024-01-12 09:00 &nbsp; 来源：尼山镇人民政府 &nbsp; 浏览次数：<span id="hits">120</span> &nbsp; 【字体：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</div>
<div class="TRS_Editor" id="zoom">
{_article(paras, style)}
<p><br /></p>
{signature}
</div>
<div class="share">分享到：微信 • 微博 • QQ空间</div>
<div class="print">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
<div class="pages">上一篇：<a href="#">尼山镇召开安全生产会议</a><br />下一篇：<a href="#">尼山镇开展普法宣传活动</a></div>
</div>
</div>
<div class="footer"><p>主办：尼山镇人民政府 &nbsp; 承办：尼山镇党政办公室 &nbsp; <a href="#">联系我们</a> | <a href="#">网站地图</a></p>
<p>网站标识码：3708810001 &nbsp; 备案号：鲁ICP备12345678号-1</p></div>
</body>
</html>
"""


def mhtml(html: str, *, encoding: str = "quoted-printable", charset: str | None = None) -> bytes:
    """A single-file web archive as Chrome/Edge save it (MIME multipart/related)."""
    raw = html.encode("gb18030" if charset in ("gb2312", "gbk") else charset or "utf-8")  # GB18030 bytes
    if encoding == "quoted-printable":
        body = quopri.encodestring(raw.replace(b"\n", b"\r\n"))
    else:
        encoded = base64.b64encode(raw)
        body = b"\r\n".join(encoded[i:i + 76] for i in range(0, len(encoded), 76))
    ctype = f"text/html; charset={charset}" if charset else "text/html"
    boundary = b"----MultipartBoundary--x7Jq2Vt----"
    return (
        b"From: <Saved by Blink>\r\nSnapshot-Content-Location: http://www.example.gov.cn/art/2024/1/12/art_1.html\r\n"
        b"Subject: =?utf-8?Q?report?=\r\nDate: Fri, 12 Jan 2024 09:30:00 +0800\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="' + boundary + b'"\r\n\r\n\r\n'
        b"--" + boundary + b"\r\nContent-Type: " + ctype.encode() + b"\r\nContent-ID: <frame-1@mhtml.blink>\r\n"
        b"Content-Transfer-Encoding: " + encoding.encode() + b"\r\n"
        b"Content-Location: http://www.example.gov.cn/art/2024/1/12/art_1.html\r\n\r\n" + body + b"\r\n\r\n"
        b"--" + boundary + b"\r\nContent-Type: text/css\r\nContent-Transfer-Encoding: quoted-printable\r\n"
        b"Content-Location: cid:css-1@mhtml.blink\r\n\r\n.nav li { float: left; }\r\n\r\n"
        b"--" + boundary + b"--\r\n"
    )


def expected_text(paras: list[str] = PARAS, sign: bool = True) -> str:
    return "\n".join([TITLE, *paras, *(SIGNATURE if sign else [])])


def assert_article(doc, paras: list[str] = PARAS) -> None:
    assert doc.text == expected_text(paras)
    assert doc.title == TITLE and doc.format == "html"
    for bad in FURNITURE:
        assert bad not in doc.text, bad
    assert [s.title for s in doc.sections if s.title[:2] in ("一、", "二、", "三、")] == [
        "一、主要工作开展情况", "二、存在的问题", "三、下一步工作打算"]


@pytest.mark.parametrize("style", [0, 1, 2, 3])
def test_utf8_page_gives_the_article_and_nothing_else(tmp_path, style):
    path = tmp_path / "报告.html"
    path.write_bytes(portal_page(style=style).encode("utf-8"))
    assert_article(import_file(path))


def test_htm_in_gb18030_declared_gb2312(tmp_path):
    data = portal_page(charset="gb2312", style=1).replace("\n", "\r\n").encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("gbk")  # » › • are four-byte GB18030: a strict GB2312/GBK decoder fails
    path = tmp_path / "报告.htm"
    path.write_bytes(data)
    assert_article(import_file(path))


def test_a_wrong_declared_charset_is_overruled_by_the_bytes():
    data = portal_page(charset="utf-8").encode("gb18030")  # says UTF-8, is GB18030
    assert_article(import_bytes(data, "a.html"))
    data = portal_page(charset="gbk").encode("utf-8")  # says GBK, is UTF-8
    assert_article(import_bytes(data, "a.html"))


def test_mhtml_quoted_printable(tmp_path):
    html = portal_page(style=1).replace('content="text/html; charset=utf-8"', 'charset="utf-8"')
    data = mhtml(html)
    assert b"=E5" in data  # really quoted-printable
    path = tmp_path / "报告.mhtml"
    path.write_bytes(data)
    assert_article(import_file(path))


def test_mhtml_base64_with_the_charset_on_the_part():
    data = mhtml(portal_page(charset="gb2312", style=2), encoding="base64", charset="gb2312")
    assert_article(import_bytes(data, "报告.mht"))


def test_body_lookalike_lines_are_kept():
    doc = import_bytes(portal_page().encode("utf-8"), "a.html")
    for line in ("首页 > 政务公开 > 法治政府", "来源：本报告数据来源于镇统计站年报，发布时间为2024年1月。"):
        assert line in doc.text.split("\n")


def test_title_is_the_h1_else_the_title_without_the_site():
    page = portal_page().replace(f"<title>{TITLE}_", "<title>首页_")
    assert import_bytes(page.encode("utf-8"), "a.html").title == TITLE
    doc = import_bytes(portal_page(h1=False).encode("utf-8"), "a.html")
    assert doc.title == TITLE and doc.text.split("\n")[0] == TITLE


def test_sections_are_detected():
    doc = import_bytes(portal_page(style=2).encode("utf-8"), "a.html")
    titles = [s.title for s in doc.sections]
    assert "一、主要工作开展情况" in titles and "三、下一步工作打算" in titles
    for s in doc.sections:
        assert doc.text[s.start:].startswith(s.title)


@pytest.mark.parametrize("page", [
    portal_page(paras=[], sign=False),
    "<html><head><title>栏目_尼山镇人民政府门户网站</title></head><body><div class=nav><a href='/'>首页</a> | "
    "<a href='#'>政务公开</a></div><div class=footer>主办：尼山镇人民政府 ICP备12345678号</div></body></html>",
    "<!DOCTYPE html><html><head></head><body></body></html>",
])
def test_a_page_without_article_text_is_empty(page):
    with pytest.raises(ImportFailure) as err:
        import_bytes(page.encode("utf-8"), "a.html")
    assert err.value.kind == "empty" and err.value.message


def test_an_html_called_txt_is_read_as_html(tmp_path):
    path = tmp_path / "报告.txt"
    path.write_bytes(portal_page().encode("utf-8"))
    assert_article(import_file(path))


@pytest.mark.parametrize("data, fmt", [
    (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
    (b"\xef\xbb\xbf\r\n  <html><head><title>x</title></head></html>", "html"),
    (b"<!-- saved from url=(0045)http://www.example.gov.cn/art/1.html -->\r\n<html>\r\n<head>", "html"),
    (b"<HEAD><TITLE>x</TITLE></HEAD>", "html"),
    (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=b\r\n\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>x</p>", "html"),
    (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nx", "txt"),
    ("网页代码以 <html> 开头，<head> 中写明编码。".encode("utf-8"), "txt"),  # a text that mentions markup
    (b"x" * 1020 + b"<html>", "txt"),
])
def test_sniffing_by_content(data, fmt):
    assert sniff(data, "a.txt") == fmt


def test_reading_a_page_opens_no_socket_even_on_first_import(tmp_path):
    """trafilatura's first import (urllib3's IPv6 probe included) opens no internet socket."""
    path = tmp_path / "a.mhtml"
    path.write_bytes(mhtml(portal_page()))
    script = f"""
import socket
attempts, flag = [], socket.has_ipv6
real = socket.socket
class Guarded(real):
    def __init__(self, family=socket.AF_INET, *args, **kwargs):
        if family in (socket.AF_INET, socket.AF_INET6):
            attempts.append(family)
            raise OSError("network disabled")
        super().__init__(family, *args, **kwargs)
socket.socket = Guarded
from desktop.importers import import_file
doc = import_file({str(path)!r})
assert doc.format == "html" and doc.text.startswith({TITLE!r}), doc.text[:80]
import sys
assert "trafilatura" in sys.modules
assert socket.has_ipv6 == flag  # the flag is lowered during the import only
print(attempts)
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                         cwd=str(ROOT))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_reading_a_page_opens_no_network(no_network):
    import_bytes(mhtml(portal_page()), "a.mhtml")
    import_bytes(portal_page().encode("utf-8"), "a.html")
    assert no_network == []


def test_a_page_too_big_to_read_in_time_is_too_large(monkeypatch):
    from desktop.importers import html_reader

    monkeypatch.setattr(html_reader, "MAX_ELEMENTS", 200)
    page = portal_page(paras=PARAS * 40)
    with pytest.raises(ImportFailure) as err:
        import_bytes(page.encode("utf-8"), "a.html")
    assert err.value.kind == "too_large" and "元素" in err.value.message


def test_text_over_the_character_limit_is_too_large():
    from desktop.importers import Limits

    with pytest.raises(ImportFailure) as err:
        import_bytes(portal_page(paras=PARAS * 40).encode("utf-8"), "a.html", limits=Limits(max_chars=1000))
    assert err.value.kind == "too_large"


def test_a_word_web_page_keeps_its_own_title_and_its_table():
    page = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<meta http-equiv=Content-Type content="text/html; charset=gb2312"><title>报告</title></head>
<body lang=ZH-CN><div class=WordSection1>
<p class=MsoNormal align=center><b>某县司法局2023年法治政府建设情况报告<o:p></o:p></b></p>
<p class=MsoNormal>2023年，我局坚持以习近平法治思想为指导，认真贯彻落实上级部署，现将有关情况报告如下。<o:p></o:p></p>
<p class=MsoNormal>一、主要做法<o:p></o:p></p>
<p class=MsoNormal>（一）完善制度。全年制定制度5项，修订制度3项，各项工作有章可循，依法行政水平进一步提高。</p>
<table><tr><td>项目</td><td>数量</td></tr><tr><td>培训</td><td>12次</td></tr></table>
<p class=MsoNormal>二、存在问题</p>
<p class=MsoNormal>执法人员力量不足，培训不够系统，需要在今后的工作中加以改进和提高。</p>
</div></body></html>"""
    doc = import_bytes(page.encode("gb18030"), "报告.htm")
    lines = doc.text.split("\n")
    assert lines[0] == doc.title == "某县司法局2023年法治政府建设情况报告"
    assert "项目\t数量" in lines and "培训\t12次" in lines
    assert [s.title for s in doc.sections if s.title[:2] in ("一、", "二、")] == ["一、主要做法", "二、存在问题"]
