"""Lithuanian names, surname forms, places and phone numbers for demo and synthetic data.

Lithuanian surnames change with sex and marriage: the man's form (Kazlauskas), the married
woman's (Kazlauskienė) and the unmarried woman's or girl's (Kazlauskaitė); a family is
named with the plural genitive (Kazlauskų šeima). The rules below cover the endings used.
"""

from __future__ import annotations

import random
import unicodedata

BOYS = (
    "Lukas",
    "Matas",
    "Dominykas",
    "Nojus",
    "Kajus",
    "Jokūbas",
    "Benas",
    "Herkus",
    "Rokas",
    "Dovydas",
    "Gabrielius",
    "Augustas",
    "Emilis",
    "Domas",
    "Aronas",
    "Joris",
    "Adomas",
    "Vakaris",
    "Motiejus",
    "Titas",
    "Danielius",
    "Markas",
    "Ignas",
    "Martynas",
    "Simonas",
    "Justas",
    "Vilius",
    "Elijus",
    "Jonas",
    "Pijus",
    "Ąžuolas",
    "Kristupas",
    "Tajus",
    "Mantas",
)
GIRLS = (
    "Emilija",
    "Gabija",
    "Austėja",
    "Ugnė",
    "Liepa",
    "Sofija",
    "Amelija",
    "Lėja",
    "Kamilė",
    "Urtė",
    "Goda",
    "Miglė",
    "Luknė",
    "Smiltė",
    "Atėnė",
    "Elzė",
    "Adelė",
    "Barbora",
    "Viltė",
    "Rugilė",
    "Saulė",
    "Deimantė",
    "Gustė",
    "Ieva",
    "Patricija",
    "Paulina",
    "Rusnė",
    "Aistė",
    "Gerda",
    "Eglė",
    "Medėja",
    "Rūta",
    "Skaistė",
    "Orinta",
)
MEN = (
    "Antanas",
    "Vytautas",
    "Algirdas",
    "Kęstutis",
    "Saulius",
    "Rimantas",
    "Darius",
    "Mindaugas",
    "Andrius",
    "Tomas",
    "Paulius",
    "Giedrius",
    "Linas",
    "Arūnas",
    "Gintaras",
    "Raimondas",
    "Audrius",
    "Vaidas",
    "Marius",
    "Tadas",
    "Robertas",
    "Evaldas",
    "Aurimas",
    "Donatas",
    "Žilvinas",
    "Šarūnas",
    "Ričardas",
    "Egidijus",
    "Remigijus",
    "Valdas",
    "Jonas",
    "Petras",
    "Kazimieras",
    "Juozas",
    "Povilas",
    "Vladas",
)
WOMEN = (
    "Rasa",
    "Rūta",
    "Inga",
    "Jurgita",
    "Vaida",
    "Lina",
    "Kristina",
    "Asta",
    "Dalia",
    "Danutė",
    "Aldona",
    "Birutė",
    "Jolanta",
    "Laima",
    "Daiva",
    "Vilma",
    "Eglė",
    "Giedrė",
    "Jūratė",
    "Renata",
    "Nijolė",
    "Irena",
    "Regina",
    "Audronė",
    "Rima",
    "Neringa",
    "Sigita",
    "Edita",
    "Ramunė",
    "Živilė",
    "Indrė",
    "Simona",
    "Agnė",
    "Aušra",
    "Genovaitė",
    "Onutė",
)
# Man's forms; the women's forms are derived (see ``surname``).
SURNAMES = (
    "Kazlauskas",
    "Jankauskas",
    "Petrauskas",
    "Stankevičius",
    "Vasiliauskas",
    "Žukauskas",
    "Butkus",
    "Paulauskas",
    "Urbonas",
    "Kavaliauskas",
    "Navickas",
    "Ramanauskas",
    "Savickas",
    "Rimkus",
    "Baranauskas",
    "Sakalauskas",
    "Jonaitis",
    "Mockus",
    "Adomaitis",
    "Balčiūnas",
    "Vaitkus",
    "Šimkus",
    "Kairys",
    "Grigonis",
    "Mikalauskas",
    "Lukošius",
    "Bagdonas",
    "Pocius",
    "Jakštas",
    "Vitkus",
    "Marcinkevičius",
    "Mickevičius",
    "Jurevičius",
    "Žemaitis",
    "Dambrauskas",
    "Kuliešius",
    "Tamošiūnas",
    "Černiauskas",
    "Gudaitis",
    "Vaičiulis",
    "Čepulis",
    "Stonkus",
    "Ambrazevičius",
    "Gražys",
    "Norkus",
    "Kučinskas",
    "Sabaliauskas",
    "Šukys",
    "Rutkauskas",
    "Bernotas",
    "Valančius",
    "Daukša",
    "Girdauskas",
    "Ūsas",
    "Liutkus",
)
# Ukrainian names as written in Lithuanian documents; the surnames do not change with sex.
UKRAINIAN_BOYS = ("Dmytro", "Oleksandr", "Andrij", "Maksym", "Bohdan", "Artem", "Taras")
UKRAINIAN_GIRLS = ("Olena", "Sofija", "Anastasija", "Darija", "Kateryna", "Solomija", "Iryna")
UKRAINIAN_SURNAMES = (
    "Kovalenko",
    "Ševčenko",
    "Bondarenko",
    "Tkačenko",
    "Kravčenko",
    "Melnyk",
    "Boiko",
    "Kovalčuk",
    "Oliinyk",
    "Moroz",
)

MALE = "M"
FEMALE = "F"


def surname(male_form: str, sex: str, *, married: bool = False) -> str:
    """The surname for a person of this sex: the woman's form married or unmarried."""
    if sex == MALE:
        return male_form
    for ending, wife, daughter in _ENDINGS:
        if male_form.endswith(ending):
            stem = male_form[: -len(ending)]
            return stem + (wife if married else daughter)
    return male_form


_ENDINGS = (
    ("ius", "ienė", "iūtė"),  # Stankevičius: Stankevičienė, Stankevičiūtė
    ("as", "ienė", "aitė"),  # Kazlauskas: Kazlauskienė, Kazlauskaitė
    ("ys", "ienė", "ytė"),  # Kairys: Kairienė, Kairytė
    ("is", "ienė", "ytė"),  # Jonaitis: Jonaitienė, Jonaitytė
    ("us", "ienė", "utė"),  # Butkus: Butkienė, Butkutė
    ("a", "ienė", "aitė"),  # Daukša: Daukšienė, Daukšaitė
)


def family_name(male_form: str) -> str:
    """The plural genitive that names a family: Kazlauskų, Jonaičių, Stankevičių."""
    if male_form.endswith("ius"):
        return male_form[:-3] + "ių"
    if male_form.endswith(("as", "us")):
        return male_form[:-2] + "ų"
    if male_form.endswith(("is", "ys")):
        stem = male_form[:-2]
        # t and d soften before -ių: Jonaitis → Jonaičių, Gudaitis → Gudaičių.
        if stem.endswith("t"):
            return stem[:-1] + "čių"
        if stem.endswith("d"):
            return stem[:-1] + "džių"
        return stem + "ių"
    if male_form.endswith("a"):
        return male_form[:-1] + "ų"
    return male_form


def fold(text: str) -> str:
    """Lower case without diacritics, as the database's ``globa_fold`` does."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def first_name(rng: random.Random, sex: str, *, adult: bool) -> str:
    if adult:
        return rng.choice(MEN if sex == MALE else WOMEN)
    return rng.choice(BOYS if sex == MALE else GIRLS)


def phone(rng: random.Random) -> str:
    return f"+370 6{rng.randrange(10, 100)} {rng.randrange(10000, 100000)}"


# The seat of each municipality, for addresses.
TOWNS = {
    "Alytaus miesto savivaldybė": "Alytus",
    "Alytaus rajono savivaldybė": "Alytus",
    "Druskininkų savivaldybė": "Druskininkai",
    "Lazdijų rajono savivaldybė": "Lazdijai",
    "Varėnos rajono savivaldybė": "Varėna",
    "Birštono savivaldybė": "Birštonas",
    "Jonavos rajono savivaldybė": "Jonava",
    "Kaišiadorių rajono savivaldybė": "Kaišiadorys",
    "Kauno miesto savivaldybė": "Kaunas",
    "Kauno rajono savivaldybė": "Garliava",
    "Kėdainių rajono savivaldybė": "Kėdainiai",
    "Prienų rajono savivaldybė": "Prienai",
    "Raseinių rajono savivaldybė": "Raseiniai",
    "Klaipėdos miesto savivaldybė": "Klaipėda",
    "Klaipėdos rajono savivaldybė": "Gargždai",
    "Kretingos rajono savivaldybė": "Kretinga",
    "Neringos savivaldybė": "Nida",
    "Palangos miesto savivaldybė": "Palanga",
    "Skuodo rajono savivaldybė": "Skuodas",
    "Šilutės rajono savivaldybė": "Šilutė",
    "Kalvarijos savivaldybė": "Kalvarija",
    "Kazlų Rūdos savivaldybė": "Kazlų Rūda",
    "Marijampolės savivaldybė": "Marijampolė",
    "Šakių rajono savivaldybė": "Šakiai",
    "Vilkaviškio rajono savivaldybė": "Vilkaviškis",
    "Biržų rajono savivaldybė": "Biržai",
    "Kupiškio rajono savivaldybė": "Kupiškis",
    "Panevėžio miesto savivaldybė": "Panevėžys",
    "Panevėžio rajono savivaldybė": "Panevėžys",
    "Pasvalio rajono savivaldybė": "Pasvalys",
    "Rokiškio rajono savivaldybė": "Rokiškis",
    "Akmenės rajono savivaldybė": "Naujoji Akmenė",
    "Joniškio rajono savivaldybė": "Joniškis",
    "Kelmės rajono savivaldybė": "Kelmė",
    "Pakruojo rajono savivaldybė": "Pakruojis",
    "Radviliškio rajono savivaldybė": "Radviliškis",
    "Šiaulių miesto savivaldybė": "Šiauliai",
    "Šiaulių rajono savivaldybė": "Kuršėnai",
    "Jurbarko rajono savivaldybė": "Jurbarkas",
    "Pagėgių savivaldybė": "Pagėgiai",
    "Šilalės rajono savivaldybė": "Šilalė",
    "Tauragės rajono savivaldybė": "Tauragė",
    "Mažeikių rajono savivaldybė": "Mažeikiai",
    "Plungės rajono savivaldybė": "Plungė",
    "Rietavo savivaldybė": "Rietavas",
    "Telšių rajono savivaldybė": "Telšiai",
    "Anykščių rajono savivaldybė": "Anykščiai",
    "Ignalinos rajono savivaldybė": "Ignalina",
    "Molėtų rajono savivaldybė": "Molėtai",
    "Utenos rajono savivaldybė": "Utena",
    "Visagino savivaldybė": "Visaginas",
    "Zarasų rajono savivaldybė": "Zarasai",
    "Elektrėnų savivaldybė": "Elektrėnai",
    "Šalčininkų rajono savivaldybė": "Šalčininkai",
    "Širvintų rajono savivaldybė": "Širvintos",
    "Švenčionių rajono savivaldybė": "Švenčionys",
    "Trakų rajono savivaldybė": "Trakai",
    "Ukmergės rajono savivaldybė": "Ukmergė",
    "Vilniaus miesto savivaldybė": "Vilnius",
    "Vilniaus rajono savivaldybė": "Nemenčinė",
}

# Residents in thousands (rounded, 2023): how big each municipality's share of the work is.
POPULATION = {
    "Alytaus miesto savivaldybė": 51,
    "Alytaus rajono savivaldybė": 25,
    "Druskininkų savivaldybė": 21,
    "Lazdijų rajono savivaldybė": 17,
    "Varėnos rajono savivaldybė": 20,
    "Birštono savivaldybė": 4,
    "Jonavos rajono savivaldybė": 42,
    "Kaišiadorių rajono savivaldybė": 29,
    "Kauno miesto savivaldybė": 305,
    "Kauno rajono savivaldybė": 98,
    "Kėdainių rajono savivaldybė": 46,
    "Prienų rajono savivaldybė": 24,
    "Raseinių rajono savivaldybė": 30,
    "Klaipėdos miesto savivaldybė": 158,
    "Klaipėdos rajono savivaldybė": 60,
    "Kretingos rajono savivaldybė": 40,
    "Neringos savivaldybė": 3,
    "Palangos miesto savivaldybė": 18,
    "Skuodo rajono savivaldybė": 16,
    "Šilutės rajono savivaldybė": 36,
    "Kalvarijos savivaldybė": 10,
    "Kazlų Rūdos savivaldybė": 11,
    "Marijampolės savivaldybė": 55,
    "Šakių rajono savivaldybė": 25,
    "Vilkaviškio rajono savivaldybė": 33,
    "Biržų rajono savivaldybė": 22,
    "Kupiškio rajono savivaldybė": 14,
    "Panevėžio miesto savivaldybė": 87,
    "Panevėžio rajono savivaldybė": 34,
    "Pasvalio rajono savivaldybė": 22,
    "Rokiškio rajono savivaldybė": 26,
    "Akmenės rajono savivaldybė": 19,
    "Joniškio rajono savivaldybė": 20,
    "Kelmės rajono savivaldybė": 26,
    "Pakruojo rajono savivaldybė": 19,
    "Radviliškio rajono savivaldybė": 34,
    "Šiaulių miesto savivaldybė": 107,
    "Šiaulių rajono savivaldybė": 40,
    "Jurbarko rajono savivaldybė": 24,
    "Pagėgių savivaldybė": 7,
    "Šilalės rajono savivaldybė": 21,
    "Tauragės rajono savivaldybė": 39,
    "Mažeikių rajono savivaldybė": 52,
    "Plungės rajono savivaldybė": 33,
    "Rietavo savivaldybė": 7,
    "Telšių rajono savivaldybė": 39,
    "Anykščių rajono savivaldybė": 23,
    "Ignalinos rajono savivaldybė": 14,
    "Molėtų rajono savivaldybė": 17,
    "Utenos rajono savivaldybė": 38,
    "Visagino savivaldybė": 18,
    "Zarasų rajono savivaldybė": 15,
    "Elektrėnų savivaldybė": 23,
    "Šalčininkų rajono savivaldybė": 30,
    "Širvintų rajono savivaldybė": 14,
    "Švenčionių rajono savivaldybė": 23,
    "Trakų rajono savivaldybė": 33,
    "Ukmergės rajono savivaldybė": 34,
    "Vilniaus miesto savivaldybė": 600,
    "Vilniaus rajono savivaldybė": 106,
}

VILNIUS = "Vilniaus miesto savivaldybė"

_STREETS = (
    "Vilniaus g.",
    "Gedimino g.",
    "Laisvės g.",
    "Sodų g.",
    "Liepų g.",
    "Beržų g.",
    "Mokyklos g.",
    "Taikos g.",
    "Kalno g.",
    "Ežero g.",
    "Parko g.",
    "Pušų g.",
    "Klevų g.",
    "Žalioji g.",
    "Saulės g.",
    "Vytauto g.",
    "Maironio g.",
    "Basanavičiaus g.",
    "Kęstučio g.",
    "Dariaus ir Girėno g.",
    "Žemaitės g.",
    "Šviesos g.",
)
_VILNIUS_STREETS = (
    "Žirmūnų g.",
    "Kalvarijų g.",
    "Antakalnio g.",
    "Savanorių pr.",
    "Ukmergės g.",
    "Justiniškių g.",
    "Fabijoniškių g.",
    "Šeškinės g.",
    "Pilaitės pr.",
    "Baltupio g.",
    "Didlaukio g.",
    "Laisvės pr.",
    "Naugarduko g.",
    "Gerosios Vilties g.",
    "Viršuliškių g.",
    "Lazdynų g.",
    "Architektų g.",
    "Taikos g.",
    "Žygio g.",
    "Verkių g.",
)


def address(rng: random.Random, municipality: str) -> str:
    """A street address in the municipality's seat, with a flat number in the cities."""
    town = TOWNS.get(municipality, "Vilnius")
    streets = _VILNIUS_STREETS if town == "Vilnius" else _STREETS
    number = f"{rng.randrange(1, 120)}"
    if town in {"Vilnius", "Kaunas", "Klaipėda", "Šiauliai", "Panevėžys"} and rng.random() < 0.7:
        number += f"-{rng.randrange(1, 80)}"
    return f"{rng.choice(streets)} {number}, LT-{rng.randrange(10000, 100000)} {town}"


def municipality_stem(municipality: str) -> str:
    """ "Molėtų rajono savivaldybė" → "Molėtų rajono": how organisations there are named."""
    return municipality.removesuffix(" savivaldybė")
