"""Names of the German Länder and Chinese provinces, keyed by their GeoNames admin1 code.

GeoNames ships admin1 codes but not their names, so these are written here, in German,
English and Simplified Chinese, with the ISO 3166-2 code, the capital (to place the
region on the map) and its population (rounded, official statistics 2022/2023).
Each tuple: (ISO 3166-2, German, English, Chinese, capital, population, partner entity?).
City states that are one body with their city (Berlin, Hamburg; Beijing, Shanghai,
Tianjin, Chongqing) get no separate partner entity: the city is the partner.
"""

from typing import NamedTuple


class RegionFacts(NamedTuple):
    iso: str
    de: str
    en: str
    zh: str
    capital: str
    population: int
    partner_entity: bool = True


GERMANY: dict[str, RegionFacts] = {
    "01": RegionFacts("DE-BW", "Baden-Württemberg", "Baden-Württemberg", "巴登-符腾堡州", "Stuttgart", 11_280_000),
    "02": RegionFacts("DE-BY", "Bayern", "Bavaria", "巴伐利亚州", "München", 13_370_000),
    "03": RegionFacts("DE-HB", "Bremen", "Bremen", "不来梅州", "Bremen", 685_000),
    "04": RegionFacts("DE-HH", "Hamburg", "Hamburg", "汉堡", "Hamburg", 1_890_000, False),
    "05": RegionFacts("DE-HE", "Hessen", "Hesse", "黑森州", "Wiesbaden", 6_390_000),
    "06": RegionFacts("DE-NI", "Niedersachsen", "Lower Saxony", "下萨克森州", "Hannover", 8_140_000),
    "07": RegionFacts("DE-NW", "Nordrhein-Westfalen", "North Rhine-Westphalia", "北莱茵-威斯特法伦州", "Düsseldorf", 18_140_000),
    "08": RegionFacts("DE-RP", "Rheinland-Pfalz", "Rhineland-Palatinate", "莱茵兰-普法尔茨州", "Mainz", 4_160_000),
    "09": RegionFacts("DE-SL", "Saarland", "Saarland", "萨尔州", "Saarbrücken", 993_000),
    "10": RegionFacts("DE-SH", "Schleswig-Holstein", "Schleswig-Holstein", "石勒苏益格-荷尔斯泰因州", "Kiel", 2_950_000),
    "11": RegionFacts("DE-BB", "Brandenburg", "Brandenburg", "勃兰登堡州", "Potsdam", 2_570_000),
    "12": RegionFacts("DE-MV", "Mecklenburg-Vorpommern", "Mecklenburg-Western Pomerania", "梅克伦堡-前波美拉尼亚州", "Schwerin", 1_630_000),
    "13": RegionFacts("DE-SN", "Sachsen", "Saxony", "萨克森州", "Dresden", 4_090_000),
    "14": RegionFacts("DE-ST", "Sachsen-Anhalt", "Saxony-Anhalt", "萨克森-安哈尔特州", "Magdeburg", 2_190_000),
    "15": RegionFacts("DE-TH", "Thüringen", "Thuringia", "图林根州", "Erfurt", 2_130_000),
    "16": RegionFacts("DE-BE", "Berlin", "Berlin", "柏林", "Berlin", 3_760_000, False),
}

CHINA: dict[str, RegionFacts] = {
    "01": RegionFacts("CN-AH", "Anhui", "Anhui", "安徽省", "Hefei", 61_210_000),
    "02": RegionFacts("CN-ZJ", "Zhejiang", "Zhejiang", "浙江省", "Hangzhou", 65_770_000),
    "03": RegionFacts("CN-JX", "Jiangxi", "Jiangxi", "江西省", "Nanchang", 45_150_000),
    "04": RegionFacts("CN-JS", "Jiangsu", "Jiangsu", "江苏省", "Nanjing", 85_150_000),
    "05": RegionFacts("CN-JL", "Jilin", "Jilin", "吉林省", "Changchun", 23_480_000),
    "06": RegionFacts("CN-QH", "Qinghai", "Qinghai", "青海省", "Xining", 5_950_000),
    "07": RegionFacts("CN-FJ", "Fujian", "Fujian", "福建省", "Fuzhou", 41_880_000),
    "08": RegionFacts("CN-HL", "Heilongjiang", "Heilongjiang", "黑龙江省", "Harbin", 30_990_000),
    "09": RegionFacts("CN-HA", "Henan", "Henan", "河南省", "Zhengzhou", 98_720_000),
    "10": RegionFacts("CN-HE", "Hebei", "Hebei", "河北省", "Shijiazhuang", 74_200_000),
    "11": RegionFacts("CN-HN", "Hunan", "Hunan", "湖南省", "Changsha", 66_040_000),
    "12": RegionFacts("CN-HB", "Hubei", "Hubei", "湖北省", "Wuhan", 58_440_000),
    "13": RegionFacts("CN-XJ", "Xinjiang", "Xinjiang", "新疆维吾尔自治区", "Ürümqi", 25_870_000),
    "14": RegionFacts("CN-XZ", "Tibet", "Tibet", "西藏自治区", "Lhasa", 3_640_000),
    "15": RegionFacts("CN-GS", "Gansu", "Gansu", "甘肃省", "Lanzhou", 24_920_000),
    "16": RegionFacts("CN-GX", "Guangxi", "Guangxi", "广西壮族自治区", "Nanning", 50_470_000),
    "18": RegionFacts("CN-GZ", "Guizhou", "Guizhou", "贵州省", "Guiyang", 38_560_000),
    "19": RegionFacts("CN-LN", "Liaoning", "Liaoning", "辽宁省", "Shenyang", 42_000_000),
    "20": RegionFacts("CN-NM", "Innere Mongolei", "Inner Mongolia", "内蒙古自治区", "Hohhot", 24_010_000),
    "21": RegionFacts("CN-NX", "Ningxia", "Ningxia", "宁夏回族自治区", "Yinchuan", 7_280_000),
    "22": RegionFacts("CN-BJ", "Peking", "Beijing", "北京市", "Beijing", 21_840_000, False),
    "23": RegionFacts("CN-SH", "Shanghai", "Shanghai", "上海市", "Shanghai", 24_750_000, False),
    "24": RegionFacts("CN-SX", "Shanxi", "Shanxi", "山西省", "Taiyuan", 34_810_000),
    "25": RegionFacts("CN-SD", "Shandong", "Shandong", "山东省", "Jinan", 101_630_000),
    "26": RegionFacts("CN-SN", "Shaanxi", "Shaanxi", "陕西省", "Xi'an", 39_560_000),
    "28": RegionFacts("CN-TJ", "Tianjin", "Tianjin", "天津市", "Tianjin", 13_630_000, False),
    "29": RegionFacts("CN-YN", "Yunnan", "Yunnan", "云南省", "Kunming", 46_930_000),
    "30": RegionFacts("CN-GD", "Guangdong", "Guangdong", "广东省", "Guangzhou", 126_570_000),
    "31": RegionFacts("CN-HI", "Hainan", "Hainan", "海南省", "Haikou", 10_270_000),
    "32": RegionFacts("CN-SC", "Sichuan", "Sichuan", "四川省", "Chengdu", 83_740_000),
    "33": RegionFacts("CN-CQ", "Chongqing", "Chongqing", "重庆市", "Chongqing", 32_130_000, False),
}

# Forms a region is also written in, besides its three names and ISO code.
EXTRA_REGION_NAMES: dict[str, list[str]] = {
    "DE-NW": ["NRW", "Nordrhein Westfalen"],
    "DE-RP": ["RLP", "Rheinland Pfalz"],
    "DE-BW": ["BaWü"],
    "DE-HB": ["Freie Hansestadt Bremen", "Land Bremen"],
    "DE-MV": ["Meck-Pomm"],
    "CN-XZ": ["Xizang", "Tibet Autonomous Region"],
    "CN-GX": ["Guangxi Zhuang Autonomous Region"],
    "CN-NM": ["Nei Mongol", "Inner Mongolia Autonomous Region"],
    "CN-XJ": ["Xinjiang Uygur Autonomous Region"],
    "CN-NX": ["Ningxia Hui Autonomous Region"],
}

BY_COUNTRY = {"DE": GERMANY, "CN": CHINA}

# The partner entity of a Land is called by its official name ("Freie Hansestadt Bremen"),
# so that "Bremen" stays the city.
PARTNER_ENTITY_NAME = {"DE-HB": "Freie Hansestadt Bremen"}
