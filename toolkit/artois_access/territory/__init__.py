"""territory stage: the places where people live and go.

- :mod:`~artois_access.territory.places`: any place layer as ``id, lon, lat`` (read_places);
- loaders of official files, each checking CRS, ids, columns and counts:
  :mod:`~artois_access.territory.filosofi` (INSEE 200 m grid),
  :mod:`~artois_access.territory.opportunity_points` (points with an opportunity count),
  :mod:`~artois_access.territory.education` (Ministry of Education establishments),
  :mod:`~artois_access.territory.cites_layer` (cités minières);
- the embedded Artois model: :mod:`~artois_access.territory.embedded_model` (``load_model``),
  :mod:`~artois_access.territory.paths` (where ``gtfs/`` and ``grids/`` are), and its builder
  :mod:`~artois_access.territory.model` from the text spec in ``model_spec/``.

Nothing heavy is imported here, so importing the package stays cheap.
"""
