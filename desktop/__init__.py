"""评阅台 ReviewDesk: review and score annual rule-of-law government reports offline."""

__version__ = "0.1.0"
