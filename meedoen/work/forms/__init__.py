"""Forms of the work app, one module per area. They parse input; ``meedoen.work.services`` validates and saves
(its errors come back on the form through ``add_service_error``)."""
