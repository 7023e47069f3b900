"""The words of the demo data: names, places, people and evidence notes.

Everything here is invented or generic: factory names mix local words with
trade words, buyer names are made of two ordinary words, and people's names
are common first and last names of the buyer's country. Phone numbers are
drawn in ``buyers`` from the ranges reserved for fiction.
"""

from dataclasses import dataclass, field

from partnerships import constants as codes

# (username, first name, last name): the buyer relations focal points.
FOCAL_POINTS = (
    ("sophie.laurent", "Sophie", "Laurent"),
    ("rahul.mehta", "Rahul", "Mehta"),
    ("linh.tran", "Linh", "Tran"),
    ("tomas.ortega", "Tomás", "Ortega"),
)

# Weights of the country programmes, as in the real programme; Sri Lanka
# and Ethiopia have no factory assessments.
COUNTRY_SHAPE = (
    ("KH", 660),
    ("BD", 450),
    ("VN", 400),
    ("ID", 200),
    ("JO", 97),
    ("PK", 95),
    ("EG", 40),
    ("HT", 30),
    ("NI", 30),
)


def _pool(text: str) -> tuple[str, ...]:
    """Split a word pool; an underscore keeps words together ("Phnom_Penh")."""
    return tuple(word.replace("_", " ") for word in text.split())


@dataclass(frozen=True)
class FactoryProfile:
    """How factories in one country are named, placed, sized and rated."""

    words: tuple[str, ...]
    seconds: tuple[str, ...]
    kinds: tuple[str, ...]
    cities: tuple[str, ...]
    zones: tuple[str, ...]
    median_workers: int
    sectors: tuple[tuple[str, float], ...]
    prefix: str = ""
    suffix: str = ""
    # Multipliers on the typical non-compliance of a cluster in this country.
    rates: dict = field(default_factory=dict)


PROFILES = {
    "KH": FactoryProfile(
        words=_pool(
            "Golden Jade Evergreen Lucky Pacific Grand Royal Silver Harvest Lotus Mekong Tonle Crystal Orchid "
            "Phoenix Splendid Fortune Unity Summit Bright Eastern Bopha Sovann Reaksmey Chanthou Rithy Sokha "
            "Vibol Kanha Angkor Kirirom Bokor"
        ),
        seconds=_pool("Star Bay River Crane Bridge Wave Horizon Peak Ocean Garden Field"),
        kinds=_pool("Garment Apparel Knitting Fashion Sportswear"),
        cities=_pool("Phnom_Penh Kandal Kampong_Speu Bavet Kampong_Chhnang Takeo Sihanoukville Kampong_Cham Pursat"),
        zones=_pool("National_Road_4 National_Road_2 Veng_Sreng_Boulevard National_Road_5 Special_Economic_Zone"),
        median_workers=1300,
        sectors=(("garment", 0.8), ("footwear", 0.1), ("travel_goods", 0.1)),
        suffix=" (Cambodia) Co., Ltd.",
        rates={"working_time": 1.3, "contracts_and_human_resources": 1.1},
    ),
    "BD": FactoryProfile(
        words=_pool(
            "Meghna Padma Jamuna Sonar Shapla Karnaphuli Surma Rupsha Teesta Sundarban Kushiara Dhanshiri "
            "Madhumati Gomti Sitalakshya Turag Nandini Ruposhi Nabanna Shimul Krishnachura Bakul Doel"
        ),
        seconds=_pool("Sonali Green Eastern Standard Crown Nova United"),
        kinds=_pool("Knitwear Apparels Fashions Garments Knit_Composite Sweaters Denim Fashion_Wear"),
        cities=_pool("Dhaka Gazipur Narayanganj Savar Ashulia Chattogram Tongi Mymensingh Cumilla Kaliakair"),
        zones=_pool("Dhaka_EPZ Chattogram_EPZ Konabari Kashimpur BSCIC_Industrial_Area Adamjee_EPZ"),
        median_workers=2600,
        sectors=(("garment", 0.9), ("textiles", 0.1)),
        suffix=" Ltd.",
        rates={"freedom_of_association": 1.6, "occupational_safety_and_health": 1.1},
    ),
    "VN": FactoryProfile(
        words=_pool(
            "Minh_Phat Tan_Hung Hoang_Long Phu_An Dai_Phat Kim_Son Bao_Minh Thanh_Dat Hung_Thinh Phuc_Loc "
            "Nam_Tien Hai_Dang Thien_An Quang_Vinh Duc_Thanh Ngoc_Lan Sao_Mai Truong_Son An_Khang Phuong_Dong "
            "Tri_Viet Hoa_Sen"
        ),
        seconds=_pool("Saigon Viet Dong_A Mekong Song_Hong"),
        kinds=_pool("Garment Textile_Garment Fashion Apparel Knitwear Sportswear"),
        cities=_pool(
            "Ho_Chi_Minh_City Binh_Duong Dong_Nai Long_An Hanoi Hai_Phong Nam_Dinh Bac_Giang Thai_Binh Da_Nang "
            "Tay_Ninh Hung_Yen Ha_Nam"
        ),
        zones=_pool("Industrial_Park Industrial_Zone Export_Processing_Zone Industrial_Cluster"),
        median_workers=1800,
        sectors=(("garment", 0.7), ("footwear", 0.18), ("travel_goods", 0.12)),
        suffix=" Co., Ltd.",
        rates={"working_time": 1.5, "freedom_of_association": 1.2},
    ),
    "ID": FactoryProfile(
        words=_pool(
            "Sinar Cahaya Mitra Karya Sentosa Jaya Mulia Tunas Bintang Surya Makmur Indah Bumi Citra Dwi_Putra "
            "Tri_Sakti Eka_Sari Mega Prima Anugerah Bahtera Cipta"
        ),
        seconds=_pool("Jaya Abadi Makmur Sejahtera Lestari"),
        kinds=_pool("Abadi_Busana Garmindo Apparel_Indonesia Kreasi_Busana Sandang_Nusantara Busana_Mandiri"),
        cities=_pool(
            "Bandung Bogor Semarang Tangerang Bekasi Jepara Sukabumi Purwakarta Surakarta Subang Karawang "
            "Boyolali Sragen Cikarang Batam"
        ),
        zones=_pool("Kawasan_Industri Jalan_Raya Kawasan_Berikat"),
        median_workers=2000,
        sectors=(("garment", 0.72), ("footwear", 0.2), ("travel_goods", 0.08)),
        prefix="PT ",
        rates={"compensation": 1.2},
    ),
    "JO": FactoryProfile(
        words=_pool(
            "Desert_Rose Petra_Crest Levant Wadi_Rum Dead_Sea Jerash Aqaba_Bay Zarqa_Valley Ajloun Madaba "
            "Olive_Grove Jasmine Basalt Mountain_Gate"
        ),
        seconds=_pool("International Textile Golden"),
        kinds=_pool("Garments Apparel_Manufacturing Knitwear_Industries Fashion_Industries"),
        cities=_pool("Irbid Al_Dulayl Sahab Amman Al_Karak Ma'an Al_Mafraq Aqaba Al_Tafilah"),
        zones=_pool("Al_Hassan_Industrial_Estate Al_Dulayl_Industrial_Park Sahab_Industrial_Estate"),
        median_workers=900,
        sectors=(("garment", 1.0),),
        suffix=" Co.",
        rates={"forced_labour": 2.5, "compensation": 1.2},
    ),
    "PK": FactoryProfile(
        words=_pool(
            "Indus Ravi Chenab Jhelum Margalla Shalimar Zarghoon Khyber Karakoram Mehran Sutlej Hunza Thar "
            "Bolan Neelum Swat"
        ),
        seconds=_pool("International Valley Star"),
        kinds=_pool("Apparel Knitwear Garments Denim Hosiery"),
        cities=_pool("Karachi Lahore Faisalabad Sialkot Multan Kasur Sheikhupura Gujranwala"),
        zones=_pool("Korangi_Industrial_Area SITE_Area Sundar_Industrial_Estate Quaid-e-Azam_Industrial_Estate"),
        median_workers=1500,
        sectors=(("garment", 0.75), ("textiles", 0.25)),
        suffix=" (Pvt.) Ltd.",
        rates={"occupational_safety_and_health": 1.3, "compensation": 1.3, "contracts_and_human_resources": 1.3},
    ),
    "EG": FactoryProfile(
        words=_pool("Nile_Delta Pharos Sinai Giza Mansoura Ramses Luxor Aswan Damietta Fayoum Red_Sea Abydos"),
        seconds=_pool("International Egypt"),
        kinds=_pool("Ready-Made_Garments Apparel Knitting Garments"),
        cities=_pool(
            "10th_of_Ramadan_City Port_Said Ismailia Alexandria Cairo Sadat_City Borg_El_Arab Obour_City "
            "6th_of_October_City"
        ),
        zones=_pool("Industrial_Zone_A Industrial_Zone_B Investment_Zone Free_Zone"),
        median_workers=700,
        sectors=(("garment", 0.85), ("textiles", 0.15)),
        suffix=" S.A.E.",
        rates={"compensation": 1.3, "occupational_safety_and_health": 1.2},
    ),
    "HT": FactoryProfile(
        words=_pool("Citadelle Artibonite Hispaniola Jacmel Gonave Massif_du_Nord Plateau_Central Lambi Kenscoff"),
        seconds=_pool("Caraibes Nord"),
        kinds=_pool("Apparel Knits Manufacturing Garments"),
        cities=_pool("Port-au-Prince Caracol Ouanaminthe Carrefour Cap-Haitien"),
        zones=_pool("Parc_Industriel Zone_Franche Route_Nationale_1"),
        median_workers=1500,
        sectors=(("garment", 1.0),),
        suffix=" S.A.",
        rates={"compensation": 1.8},
    ),
    "NI": FactoryProfile(
        words=_pool("Momotombo Cocibolca Xolotlan Mombacho Ometepe Solentiname Chontales Matagalpa Segovia Apoyo"),
        seconds=_pool("Pacifico Norte"),
        kinds=_pool("Textiles Apparel Manufacturing Knits"),
        cities=_pool("Managua Masaya Tipitapa Ciudad_Sandino Granada Leon Esteli Sebaco Nindiri"),
        zones=_pool("Zona_Franca Parque_Industrial Carretera_Norte"),
        median_workers=1200,
        sectors=(("garment", 0.9), ("textiles", 0.1)),
        suffix=" S.A.",
        rates={"working_time": 0.8, "compensation": 0.9},
    ),
}
SECTOR_KINDS = {
    "footwear": _pool("Footwear Shoes Sports_Shoes"),
    "travel_goods": _pool("Bags Luggage Leather_Goods Handbag"),
    "textiles": _pool("Textile_Mills Spinning Fabrics Dyeing_&_Finishing"),
}

# Per cluster: compliance points, typical share of points found
# non-compliant, chance of a clean sheet. Child and forced labour are almost
# always clean; safety and health and working time are where factories
# struggle most.
CLUSTER_SHAPE = {
    "child_labour": (10, 0.10, 0.95),
    "discrimination": (16, 0.06, 0.25),
    "forced_labour": (9, 0.10, 0.92),
    "freedom_of_association": (18, 0.10, 0.15),
    "compensation": (28, 0.14, 0.05),
    "contracts_and_human_resources": (22, 0.12, 0.05),
    "occupational_safety_and_health": (64, 0.30, 0.0),
    "working_time": (14, 0.26, 0.05),
}
HQ_COUNTRIES = (
    ("US", 60),
    ("GB", 22),
    ("DE", 14),
    ("JP", 14),
    ("NL", 8),
    ("SE", 8),
    ("KR", 8),
    ("FR", 7),
    ("ES", 6),
    ("IT", 5),
    ("DK", 4),
    ("BE", 3),
    ("CH", 3),
    ("IE", 2),
    ("FI", 2),
    ("NO", 2),
)
LEGAL_FORMS = {
    "US": "Inc.",
    "GB": "Ltd",
    "IE": "Ltd",
    "DE": "GmbH",
    "CH": "AG",
    "NL": "B.V.",
    "BE": "NV",
    "SE": "AB",
    "DK": "A/S",
    "NO": "AS",
    "FI": "Oy",
    "FR": "SAS",
    "ES": "S.L.",
    "IT": "S.p.A.",
}
BRAND_WORDS = _pool(
    "Alder Bramble Cobalt Driftwood Ember Fennel Garnet Heron Indigo Juniper Kestrel Linden Marlow Nettle "
    "Oakhurst Pebble Quill Rowan Sable Thistle Umber Vesper Willow Yarrow Zephyr Ashgrove Birchley Calder "
    "Dunmore Elston Foxglove Greyfield Halden Ivybridge Kinross Larkspur Merrow Northcote Orrin Pellham Redwing "
    "Saltmarsh Tamsin Verity Wrenfield Amberlee Bluestem Coldwater Dovetail Evenfall Fairhaven Goldcrest "
    "Hartwell Inkwell Lumen Meadowlark Norrland Osprey Pinecrest Riverly Stillwater Wildacre Copperleaf "
    "Fieldstone Harrowgate Loxley Moorcroft Thornbury"
)
BRAND_KINDS = _pool(
    "Apparel Outfitters Clothing_Co. Supply_Co. Goods Threads Wear Collective Brands Label Studio Athletics "
    "Outdoor Denim Kids Basics Knitwear Mercantile Trading_Co. Workwear Activewear Sport Home_&_Apparel"
)
# Japanese and Korean buyers: (words, kinds); after these run out, the
# English pool, as many such brands use English names.
LOCAL_BRANDS = {
    "JP": (
        _pool(
            "Kazeno Tsukimi Hoshizora Yamabuki Komorebi Shirakaba Koharu Nagisa Hinode Sorami Akebono Kasumi "
            "Minato Tsubaki Hanagasa"
        ),
        _pool("Apparel_Co.,_Ltd. Shoji_Co.,_Ltd. Fashion_Co.,_Ltd. Retailing_Co.,_Ltd."),
    ),
    "KR": (
        _pool("Hanbit Saebyeok Haneul Baram Dasom Onnuri Purun Gaeul Nabi Byeol Saerom Yeoul Dalbit Maru"),
        _pool("Fashion_Inc. F&C_Co.,_Ltd. Apparel_Corp. Global_Co.,_Ltd."),
    ),
}

PEOPLE = {
    "en": (
        _pool(
            "James Olivia Michael Emma Daniel Sophia David Grace Ryan Hannah Marcus Chloe Nathan Priya Jordan "
            "Laura Kevin Rachel Samuel Megan Aisha Connor Maya Ethan"
        ),
        _pool(
            "Carter Mitchell Hughes Reynolds Patel Morgan Bennett Foster Sullivan Hayes Brooks Coleman Price "
            "Ward Ellis Gordon Murphy Shaw Fleming Barnes Doyle Walsh Okafor Nakamura"
        ),
    ),
    "de": (
        _pool("Lukas Anna Jonas Lena Felix Marie Tobias Sarah Jan Julia Katrin Matthias"),
        _pool("Becker Hoffmann Wagner Schulz Richter Wolf Neumann Krüger Braun Zimmermann Hartmann Vogel"),
    ),
    "fr": (
        _pool("Camille Julien Léa Antoine Chloé Mathieu Manon Nicolas Élodie Hugo"),
        _pool("Lefèvre Moreau Girard Fontaine Rousseau Garnier Chevalier Mercier Dubois Lambert"),
    ),
    "es": (
        _pool("Lucía Javier Marta Pablo Elena Alejandro Carmen Diego Sofía Andrés"),
        _pool("García Romero Navarro Torres Ortega Delgado Castro Rubio Molina Herrera"),
    ),
    "it": (
        _pool("Giulia Marco Chiara Luca Francesca Matteo Sara Alessandro Elisa Davide"),
        _pool("Rossi Bianchi Ferrari Esposito Romano Colombo Ricci Marino Greco Conti"),
    ),
    "nl": (
        _pool("Sanne Daan Lotte Bram Femke Joris Anouk Thijs Eva Ruben"),
        _pool("de_Vries Jansen Bakker Visser Smit Meijer de_Boer Mulder Bos Vos"),
    ),
    "nordic": (
        _pool("Elin Erik Ingrid Lars Sofie Mikkel Astrid Johan Freja Oskar Aino Mikko"),
        _pool("Lindqvist Andersen Nilsson Johansen Berg Larsen Eriksson Halvorsen Virtanen Korhonen Dahl Lund"),
    ),
    "jp": (
        _pool("Yuki Haruto Aoi Ren Sakura Daiki Mei Sota Hina Kenji Emi Takumi"),
        _pool("Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida Yamada"),
    ),
    "kr": (
        _pool("Minji Jiho Seoyeon Hyun-woo Jiwoo Dohyun Soyeon Jun-seo Eunji Taeyang Hana Sungmin"),
        _pool("Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Shin"),
    ),
}
PEOPLE_BY_COUNTRY = {
    "DE": "de",
    "CH": "de",
    "FR": "fr",
    "BE": "fr",
    "ES": "es",
    "IT": "it",
    "NL": "nl",
    "SE": "nordic",
    "DK": "nordic",
    "NO": "nordic",
    "FI": "nordic",
    "JP": "jp",
    "KR": "kr",
}
SENIOR_TITLES = (
    "Vice President, Responsible Sourcing",
    "Director of Sustainability",
    "Head of Ethical Trade",
    "Chief Sustainability Officer",
)
TITLES = (
    "Social Compliance Manager",
    "Supplier Engagement Lead",
    "Sourcing Manager",
    "Human Rights Specialist",
    "Responsible Sourcing Coordinator",
    "Corporate Responsibility Analyst",
    "Production Manager, Asia",
)
AUDITORS = ("Meridian Social Audits", "ClearPath Compliance Services", "Northbridge Assurance")

VERIFIED_EVIDENCE = {
    codes.SPIRIT_AND_PRACTICE: "Took part in the {year} buyer forum and the quarterly calls of {programme}.",
    codes.GOVERNANCE: "{contact} sits on the {programme} Advisory Committee and attended the last two meetings.",
    codes.STOP_AUDITING: (
        "Factory feedback confirms Better Work reports are accepted instead of own audits since {year}."
    ),
    codes.CONTINUOUS_IMPROVEMENT: "Followed up improvement plans with three suppliers in {programme} this year.",
    codes.NO_DROPPING_FACTORIES: "Order volumes at improving suppliers held steady over the last two cycles.",
    codes.TIME_TO_IMPROVE: "Agreed twelve-month remediation timelines with suppliers after the latest assessments.",
    codes.NO_FEE_CHARGE_BACK: "Suppliers confirmed in the factory feedback survey that no buyer fee was passed on.",
    codes.CLEAR_ROLES: "Liaison and escalation path shared in writing; contacts checked on {date}.",
    codes.PLANNING_INFORMATION: "Shared next season's sourcing forecast for {programme}.",
    codes.ENGAGE_SUPPLIERS: "Sent the enrolment letter to all tier-one suppliers in programme countries.",
    codes.SOURCING_PRACTICES: "Shared the results of its purchasing-practices self-assessment.",
}
BREACHED_EVIDENCE = {
    codes.STOP_AUDITING: "{factory} reported a social audit commissioned by the buyer on {date}.",
    codes.NO_DROPPING_FACTORIES: (
        "Ended orders at {factory} on {date} citing compliance results while it was improving."
    ),
    codes.NO_FEE_CHARGE_BACK: "Two suppliers in {programme} reported the buyer fee deducted from their invoices.",
    codes.GOVERNANCE: "Advisory Committee seat empty for three meetings in a row; no replacement named.",
}
NOT_YET_NOTES = {
    codes.STOP_AUDITING: "Still runs its own audit programme; asked for time to align before the next contract cycle.",
    codes.GOVERNANCE: "No Advisory Committee representative named yet.",
    codes.NO_FEE_CHARGE_BACK: "Legal review of the fee clause pending.",
}
# The commitments the at-risk partners breach, in turn.
BREACH_ORDER = (codes.NO_DROPPING_FACTORIES, codes.STOP_AUDITING, codes.NO_FEE_CHARGE_BACK, codes.GOVERNANCE)
