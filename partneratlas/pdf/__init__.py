"""One offline HTML → PDF service for every document: council reports, letters, badges, certificates.

    from partneratlas.pdf.render import render_pdf
    data = render_pdf(template="checkup/report.html", context={...}, language="zh-hans")

WeasyPrint lays the page out with Debian's pango; the fonts are the system's (Noto Sans and
Noto Sans CJK, which `make install` installs: scripts/install-system-libs), embedded as
subsets, so a Chinese report prints everywhere. Nothing is fetched from the network: a
document may use the site's static files and data: URLs, nothing else.
"""
