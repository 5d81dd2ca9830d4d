"""cat_kz: evidence tables from HRW's 2014 submission to the UN Committee against Torture on Kazakhstan."""

__version__ = "0.1.0"
