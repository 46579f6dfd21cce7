"""Builder of the embedded Artois model: turns the text spec in ``model_spec/`` into ``gtfs/``
and ``grids/``. Entry point: :func:`artois_access.territory.model.build.build_model`."""
