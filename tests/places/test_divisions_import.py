from __future__ import annotations

from pathlib import Path

import pytest

from baimi.places.importing.divisions import DEFAULT_DIVISIONS, import_divisions
from baimi.places.importing.errors import ImportRejected
from baimi.places.models import Division, Level

pytestmark = pytest.mark.django_db


def test_the_bundled_list_gives_the_real_tree() -> None:
    assert import_divisions(DEFAULT_DIVISIONS) == 718
    community = Division.objects.get(code="654322100005")
    assert [d.name for d in community.ancestors()] == ["阿勒泰地区", "富蕴县", "库额尔齐斯镇"]
    assert community.level == Level.COMMUNITY
    assert Division.objects.filter(level=Level.COUNTY).count() == 8


def test_the_town_centre_was_converted_from_gcj02_or_taken_as_wgs84() -> None:
    town = Division.objects.get(code="654322100000")
    # The GeoNames (WGS-84) point is kept: 89.52115, 46.9919.
    assert (town.lon, town.lat) == pytest.approx((89.52115, 46.9919))


def test_a_broken_division_file_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("code,name,level,parent_code\n654300000000,阿勒泰地区,prefecture,650000000000\n"
                    "65432,短码,county,654300000000\n654399000000,,town,123456789012\n", encoding="utf-8")
    before = list(Division.objects.order_by("code").values_list("code", "name"))
    with pytest.raises(ImportRejected) as caught:
        import_divisions(path)
    reasons = [str(e) for e in caught.value.errors]
    assert "d.csv:3: code '65432' is not 12 digits" in reasons
    assert any(r.startswith("d.csv:4: parent") for r in reasons) and "d.csv:4: name: required" in reasons
    assert list(Division.objects.order_by("code").values_list("code", "name")) == before
