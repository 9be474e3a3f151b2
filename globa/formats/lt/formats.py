"""Lithuanian number formats: thousands are separated by a (non-breaking) space, as the
State Commission of the Lithuanian Language recommends, not by Django's full stop, which a
reader takes for a decimal point. Everything not set here comes from Django's ``lt`` module."""

THOUSAND_SEPARATOR = "\xa0"
