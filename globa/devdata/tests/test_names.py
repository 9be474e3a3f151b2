from globa.devdata import names


def test_women_and_girls_have_their_own_surname_forms() -> None:
    assert names.surname("Petrauskas", "F", married=True) == "Petrauskienė"
    assert names.surname("Petrauskas", "F") == "Petrauskaitė"
    assert names.surname("Jonaitis", "F") == "Jonaitytė"
    assert names.surname("Stankevičius", "F") == "Stankevičiūtė"
    assert names.surname("Butkus", "F", married=True) == "Butkienė"
    assert names.surname("Kairys", "F") == "Kairytė"
    assert names.surname("Petrauskas", "M") == "Petrauskas"


def test_a_family_is_named_in_the_plural_genitive() -> None:
    assert names.family_name("Kazlauskas") == "Kazlauskų"
    assert names.family_name("Jonaitis") == "Jonaičių"
    assert names.family_name("Stankevičius") == "Stankevičių"
    assert names.family_name("Kairys") == "Kairių"


def test_fold_drops_diacritics_like_the_database() -> None:
    assert names.fold("Žukauskaitė Ūla Čepulis") == "zukauskaite ula cepulis"


def test_every_municipality_has_a_seat_and_a_population() -> None:
    assert set(names.TOWNS) == set(names.POPULATION)
    assert len(names.TOWNS) == 60
