"""The <title> fallback cuts the site name at every separator WordPress & co. write."""
import pytest

from akhbar.scrapers import extract


@pytest.mark.parametrize("title", [
    "Harbour works resume after the storm &#8211; Coast Daily",
    "Harbour works resume after the storm — Coast Daily",
    "Harbour works resume after the storm | Coast Daily",
    "Harbour works resume after the storm - Coast Daily",
])
def test_site_name_suffix_is_cut(title):
    html = (f"<html><head><title>{title}</title></head><body><article>"
            f"<p>{'Crews returned to the harbour on Thursday. ' * 5}</p></article></body></html>")
    assert extract(html).headline == "Harbour works resume after the storm"
