"""The JSON API under ``/api/v1``: thin routes over the library, errors as problem+json."""
