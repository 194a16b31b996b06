"""Curated name lists for the synthetic demo people, per country of origin.

Common given names (male / female) and family names, romanised the way they are usually written
in the Netherlands (Latin script; Turkish keeps its own Latin letters). The lists are hand-made
for the demo: the people built from them are invented. Origins are ISO 3166-1 alpha-2 codes.

Note on family names: in several of these naming traditions (Eritrea, Somalia, parts of
Afghanistan) spouses do not share a surname and a child's surname is the father's given name.
The demo keeps it simple and gives every member of a household the same family name.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NameSet:
    male: tuple[str, ...]
    female: tuple[str, ...]
    family: tuple[str, ...]


SYRIA = NameSet(
    male=(
        "Mohammed", "Ahmad", "Mahmoud", "Khaled", "Omar", "Ali", "Hassan", "Hussein", "Yousef", "Ibrahim",
        "Abdullah", "Mustafa", "Bilal", "Samer", "Rami", "Fadi", "Tarek", "Walid", "Nizar", "Ammar",
        "Hamza", "Anas", "Majd", "Firas", "Jamal", "Karim", "Ziad", "Adnan", "Ayman", "Haitham",
        "Marwan", "Osama", "Rashid", "Salim",
    ),
    female=(
        "Fatima", "Amal", "Rania", "Hiba", "Nour", "Lina", "Rasha", "Ghada", "Hala", "Maya",
        "Yasmin", "Reem", "Dima", "Sara", "Aya", "Zeinab", "Samira", "Manal", "Mona", "Huda",
        "Asma", "Bayan", "Layla", "Nada", "Salma", "Suha", "Wafa", "Joud", "Lama", "Nisreen",
        "Rawan", "Alaa",
    ),
    family=(
        "Al-Ahmad", "Haddad", "Khalil", "Hamdan", "Al-Hassan", "Mansour", "Darwish", "Al-Khatib", "Sabbagh",
        "Haj Ali", "Al-Hussein", "Kassem", "Shaheen", "Youssef", "Nasser", "Al-Masri", "Halabi", "Attar",
        "Kurdi", "Al-Omar", "Ibrahim", "Suleiman", "Hammoud", "Al-Ali", "Abbas", "Najjar", "Hijazi", "Deeb",
        "Saleh", "Othman", "Rahal", "Barakat", "Jaber", "Zein",
    ),
)

ERITREA = NameSet(
    male=(
        "Tesfay", "Yonas", "Dawit", "Samuel", "Filmon", "Habte", "Merhawi", "Mebrahtu", "Tekle", "Ghirmay",
        "Berhane", "Aron", "Efrem", "Mussie", "Kidane", "Yohannes", "Biniam", "Natnael", "Robel", "Tesfalem",
        "Amanuel", "Henok", "Semere", "Tsegay", "Goitom", "Kibrom", "Medhanie", "Mehari", "Solomon",
        "Abraham", "Fitsum", "Ermias", "Weldu", "Zerai",
    ),
    female=(
        "Senait", "Helen", "Selam", "Tsega", "Hiwet", "Freweini", "Yordanos", "Saba", "Ruta", "Winta",
        "Aster", "Meron", "Eden", "Mebrat", "Lidia", "Almaz", "Abeba", "Rahel", "Feven", "Hanna",
        "Luwam", "Semhar", "Tirhas", "Mihret", "Elsa", "Azieb", "Letay", "Akberet", "Simret", "Nebiat",
        "Delina", "Yohana",
    ),
    family=(
        "Tesfamariam", "Ghebremedhin", "Haile", "Tekle", "Berhane", "Kidane", "Woldemichael", "Habtemariam",
        "Gebreyesus", "Mehari", "Andemariam", "Tewelde", "Ghebrehiwet", "Asmerom", "Zeray", "Abraha",
        "Okbazghi", "Fesseha", "Negash", "Yemane", "Tesfay", "Gebremeskel", "Weldemariam", "Kahsay", "Hagos",
        "Ghebreab", "Tesfazghi", "Measho", "Russom", "Mebrahtu", "Ghirmai", "Bereket",
    ),
)

AFGHANISTAN = NameSet(
    male=(
        "Ahmad", "Mohammad", "Abdul", "Farid", "Jawad", "Nasir", "Wahid", "Hamid", "Rahim", "Karim",
        "Sayed", "Mustafa", "Ali", "Hussain", "Zabihullah", "Najibullah", "Shafiq", "Habib", "Jamshid", "Omid",
        "Rahmat", "Sohail", "Fawad", "Mansoor", "Idris", "Bashir", "Aziz", "Qasim", "Noorullah", "Samiullah",
        "Ehsan", "Javid", "Ramin",
    ),
    female=(
        "Fatima", "Maryam", "Zahra", "Shabnam", "Farzana", "Marzia", "Nilofar", "Parwana", "Roya", "Soraya",
        "Laila", "Mina", "Nargis", "Fereshta", "Zainab", "Hamida", "Khadija", "Mahbooba", "Sima", "Tahmina",
        "Wahida", "Yalda", "Zarifa", "Nazanin", "Sadaf", "Mursal", "Habiba", "Homa", "Shakila", "Arezo",
        "Setara", "Gulalai",
    ),
    family=(
        "Ahmadi", "Hashimi", "Karimi", "Rahimi", "Mohammadi", "Hussaini", "Rezaei", "Sultani", "Amiri", "Azizi",
        "Hakimi", "Safi", "Sadat", "Popal", "Nazari", "Noori", "Jafari", "Haidari", "Wardak", "Stanikzai",
        "Yousufzai", "Qaderi", "Rasuli", "Sharifi", "Habibi", "Mansoori", "Samadi", "Zazai", "Akbari", "Faizi",
        "Rahmani", "Barakzai",
    ),
)

TURKEY = NameSet(
    male=(
        "Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "İbrahim", "İsmail", "Osman", "Yusuf",
        "Murat", "Ömer", "Ramazan", "Halil", "Süleyman", "Abdullah", "Mahmut", "Recep", "Fatih", "Kemal",
        "Emre", "Burak", "Serkan", "Cem", "Volkan", "Kaan", "Selim", "Tolga", "Eren", "Onur",
        "Deniz", "Erdem",
    ),
    female=(
        "Fatma", "Ayşe", "Emine", "Hatice", "Zeynep", "Elif", "Meryem", "Şerife", "Sultan", "Hanife",
        "Merve", "Özlem", "Esra", "Büşra", "Gül", "Hülya", "Yasemin", "Derya", "Sibel", "Aslı",
        "Ebru", "Selin", "Ceren", "Tuğba", "Nurhan", "Songül", "Filiz", "Gamze", "Melek", "Dilek",
        "Canan", "Esma",
    ),
    family=(
        "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın", "Özdemir",
        "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt", "Özkan", "Şimşek",
        "Polat", "Korkmaz", "Güneş", "Aksoy", "Tekin", "Bulut", "Keskin", "Ünal", "Aktaş", "Güler",
        "Karaca", "Uçar",
    ),
)

IRAQ = NameSet(
    male=(
        "Ali", "Hussein", "Ahmed", "Mohammed", "Haider", "Mustafa", "Abbas", "Karrar", "Ammar", "Saif",
        "Zaid", "Hassan", "Kadhim", "Jabbar", "Salah", "Sabah", "Falah", "Qasim", "Laith", "Muntadhar",
        "Sajjad", "Murtadha", "Yasir", "Raad", "Basim", "Nabil", "Faris", "Hamid", "Kamal", "Dilshad",
        "Rebwar", "Shwan", "Karwan",
    ),
    female=(
        "Zainab", "Fatima", "Maryam", "Noor", "Rusul", "Duaa", "Hawraa", "Sara", "Aya", "Shahad",
        "Ruqaya", "Hanan", "Suad", "Iman", "Khadija", "Sumaya", "Ban", "Israa", "Zahraa", "Amira",
        "Widad", "Naz", "Shilan", "Avin", "Jwan", "Bushra", "Raghad", "Marwa", "Tabarak", "Ghufran",
        "Hadeel", "Lubna",
    ),
    family=(
        "Al-Jaburi", "Al-Obaidi", "Al-Tamimi", "Al-Saadi", "Al-Zubaidi", "Al-Rubaie", "Al-Shammari",
        "Al-Dulaimi", "Al-Hashimi", "Al-Musawi", "Al-Kaabi", "Al-Janabi", "Al-Khafaji", "Al-Bayati",
        "Al-Azzawi", "Al-Hilli", "Al-Mosuli", "Hassan", "Jassim", "Abdulrahman", "Kareem", "Mahmood",
        "Salman", "Rashid", "Ahmed", "Omar", "Hamad", "Khalaf", "Saleh", "Taha", "Hama", "Rasul",
    ),
)

YEMEN = NameSet(
    male=(
        "Abdullah", "Mohammed", "Ahmed", "Ali", "Saleh", "Abdulrahman", "Khaled", "Fahd", "Nasser", "Yahya",
        "Adel", "Fuad", "Hamoud", "Mansour", "Nabil", "Murad", "Waleed", "Ammar", "Haitham", "Ibrahim",
        "Akram", "Bassam", "Jamal", "Majed", "Ayman", "Hisham", "Sami", "Taha", "Hameed", "Zakaria",
        "Osama", "Anwar",
    ),
    female=(
        "Amal", "Arwa", "Bushra", "Eman", "Fatima", "Hana", "Hind", "Huda", "Lamia", "Maha",
        "Maryam", "Nabila", "Najla", "Nuha", "Rana", "Reem", "Safa", "Samah", "Sumaya", "Wafa",
        "Afrah", "Ahlam", "Asmaa", "Entisar", "Ghada", "Hanan", "Ibtisam", "Khadija", "Muna", "Rahma",
        "Rima", "Shaima",
    ),
    family=(
        "Al-Ahdal", "Al-Hamdani", "Al-Sanabani", "Al-Aghbari", "Al-Qadhi", "Al-Mekhlafi", "Al-Yafei",
        "Al-Eryani", "Al-Sharabi", "Al-Haddad", "Al-Kibsi", "Al-Hakimi", "Al-Absi", "Al-Maqtari", "Al-Shaibani",
        "Al-Wazir", "Al-Amri", "Al-Saqqaf", "Ba-Wazir", "Al-Attas", "Al-Junaid", "Al-Kuhlani", "Al-Mansoob",
        "Al-Sabri", "Al-Adimi", "Al-Hubaishi", "Al-Dhubhani", "Al-Kamali", "Al-Qubati", "Al-Nahari",
        "Al-Ghaithi", "Al-Jabri",
    ),
)

UKRAINE = NameSet(
    male=(
        "Oleksandr", "Andriy", "Serhiy", "Dmytro", "Volodymyr", "Mykola", "Oleh", "Ivan", "Yuriy", "Vasyl",
        "Petro", "Taras", "Bohdan", "Maksym", "Artem", "Denys", "Vitaliy", "Roman", "Ihor", "Yaroslav",
        "Pavlo", "Mykhailo", "Anatoliy", "Viktor", "Ruslan", "Stepan", "Kostiantyn", "Yevhen", "Vladyslav",
        "Nazar", "Oleksiy", "Illia",
    ),
    female=(
        "Olena", "Tetiana", "Nataliia", "Iryna", "Svitlana", "Oksana", "Yuliia", "Kateryna", "Mariia", "Anna",
        "Liudmyla", "Halyna", "Olha", "Viktoriia", "Alina", "Anastasiia", "Daria", "Sofiia", "Khrystyna",
        "Valentyna", "Larysa", "Inna", "Nadiia", "Vira", "Lesia", "Zoriana", "Solomiia", "Yana", "Oleksandra",
        "Polina", "Diana", "Uliana",
    ),
    # Surnames without a separate feminine form, so a household can share one.
    family=(
        "Shevchenko", "Bondarenko", "Kovalenko", "Boyko", "Tkachenko", "Kravchenko", "Oliynyk", "Shevchuk",
        "Koval", "Polishchuk", "Bondar", "Marchenko", "Moroz", "Lysenko", "Rudenko", "Savchenko", "Petrenko",
        "Klymenko", "Pavlenko", "Melnyk", "Kravchuk", "Tkachuk", "Levchenko", "Hrytsenko", "Symonenko",
        "Ponomarenko", "Kharchenko", "Sydorenko", "Yurchenko", "Vasylenko", "Fedorenko", "Romaniuk", "Honchar",
    ),
)

SOMALIA = NameSet(
    male=(
        "Mohamed", "Abdi", "Abdullahi", "Ahmed", "Hassan", "Ali", "Omar", "Yusuf", "Ismail", "Abdirahman",
        "Abdirizak", "Abdiaziz", "Farah", "Hussein", "Mahad", "Liban", "Guled", "Bashir", "Said", "Khalid",
        "Jama", "Nur", "Osman", "Mukhtar", "Dahir", "Hamza", "Idris", "Sharmarke", "Warsame", "Ayanle",
        "Bile", "Abdikarim",
    ),
    female=(
        "Faadumo", "Hodan", "Amina", "Halima", "Maryan", "Sahra", "Asha", "Ifrah", "Hibo", "Nasra",
        "Sagal", "Ayan", "Deqa", "Fardowsa", "Hawa", "Khadra", "Ladan", "Muna", "Nimco", "Ubah",
        "Zamzam", "Anab", "Ikran", "Safiya", "Sadia", "Hamdi", "Ilhan", "Kowsar", "Layla", "Sucaad",
        "Fartun", "Naima",
    ),
    family=(
        "Abdi", "Mohamed", "Ahmed", "Hassan", "Ali", "Farah", "Warsame", "Jama", "Osman", "Aden",
        "Egal", "Yusuf", "Ismail", "Hersi", "Gedi", "Duale", "Elmi", "Samatar", "Nur", "Guled",
        "Mohamud", "Abdullahi", "Omar", "Dirie", "Awale", "Shire", "Wais", "Haji", "Mire", "Sheikh",
        "Botan", "Qalinle",
    ),
)

NETHERLANDS = NameSet(
    male=(
        "Jan", "Pieter", "Kees", "Henk", "Gerrit", "Bert", "Johan", "Wim", "Dirk", "Jeroen",
        "Bas", "Mark", "Dennis", "Sander", "Martijn", "Erik", "Ruud", "Marco", "Patrick", "Remco",
        "Harm", "Jurgen", "Hans", "Rob", "Frank", "Peter", "Albert", "Gert", "Herman", "Arjan",
        "Edwin", "Richard",
    ),
    female=(
        "Anna", "Maria", "Johanna", "Ingrid", "Monique", "Sandra", "Linda", "Marieke", "Esther", "Petra",
        "Ilse", "Marloes", "Mirjam", "Wilma", "Gerda", "Hennie", "Janneke", "Joyce", "Nicole", "Bianca",
        "Anja", "Annemarie", "Carla", "Diana", "Ellen", "Erna", "Hilde", "Jolanda", "Karin", "Marian",
        "Miranda", "Yvonne",
    ),
    family=(
        "de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
        "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Dijk", "Dekker", "Brouwer", "de Wit", "Dijkstra",
        "Smits", "de Graaf", "van der Meer", "Kok", "Jacobs", "Vermeulen", "Kuipers", "Postma", "Huisman",
        "Kamphuis", "Schuurman", "ter Horst", "Nijboer", "Wolters", "Nijhof", "Kloosterman", "Jonker",
        "Lubbers", "Wessels", "Brinkman", "Dijkhuis", "Veldhuis", "Hulst",
    ),
)

# Dutch given names shift with the generations: people born from 1985 get names from this set.
NETHERLANDS_YOUNG = NameSet(
    male=(
        "Daan", "Sem", "Lars", "Jesse", "Stijn", "Tom", "Thijs", "Niels", "Tim", "Rick",
        "Kevin", "Bram", "Koen", "Joost", "Vincent", "Rutger", "Luuk", "Milan", "Ruben", "Jelle",
        "Wouter", "Sven", "Mike", "Jordy", "Robin", "Bart", "Joris", "Max", "Gijs", "Niek",
        "Jasper", "Dylan",
    ),
    female=(
        "Anouk", "Lisa", "Sanne", "Femke", "Iris", "Eva", "Lotte", "Fleur", "Sophie", "Laura",
        "Kim", "Denise", "Roos", "Tessa", "Emma", "Julia", "Sara", "Britt", "Demi", "Romy",
        "Naomi", "Melissa", "Kelly", "Manon", "Esmee", "Lieke", "Nina", "Noa", "Isa", "Merel",
        "Floor", "Jasmijn",
    ),
    family=NETHERLANDS.family,
)
NL_YOUNG_FROM_YEAR = 1985

# Second (and later) given names in Dutch registers are often traditional ones.
NETHERLANDS_SECOND_NAMES = NameSet(
    male=("Johannes", "Hendrik", "Cornelis", "Jacobus", "Petrus", "Gerardus", "Willem", "Antonius", "Jan",
          "Albertus", "Frederik", "Hendrikus", "Lambertus", "Theodorus", "Wilhelmus", "Gerrit"),
    female=("Maria", "Johanna", "Elisabeth", "Catharina", "Wilhelmina", "Cornelia", "Hendrika", "Geertruida",
            "Anna", "Petronella", "Jacoba", "Aaltje", "Gerritdina", "Theodora", "Margaretha", "Helena"),
    family=(),
)

NAMES: dict[str, NameSet] = {
    "SY": SYRIA,
    "ER": ERITREA,
    "AF": AFGHANISTAN,
    "TR": TURKEY,
    "IQ": IRAQ,
    "YE": YEMEN,
    "UA": UKRAINE,
    "SO": SOMALIA,
    "NL": NETHERLANDS,
}

# The eight countries of origin the issue asks for (statushouders and part of the bijstand clients).
ORIGINS_ABROAD: tuple[str, ...] = ("SY", "ER", "AF", "TR", "IQ", "YE", "UA", "SO")

ORIGIN_NAMES_NL: dict[str, str] = {
    "SY": "Syrië",
    "ER": "Eritrea",
    "AF": "Afghanistan",
    "TR": "Turkije",
    "IQ": "Irak",
    "YE": "Jemen",
    "UA": "Oekraïne",
    "SO": "Somalië",
    "NL": "Nederland",
}
