"""Legacy encodings decode correctly or are refused: never garbled (issue 11, point 2)."""
import re

import pytest

from core.decoding import IngestError, decode

TEXTS = {
    "english": "Wren’s lighthouse stands on the north cape. She is a naïve but “brave” keeper — and a good cook.\n\nShe was born in 1961.",
    "english_short": "Wren’s lighthouse stands on the north cape; Wren’s dog is there.",
    "french": "Élodie est naïve. Elle vit à Besançon avec son garçon. Son café est rue de l'Église.",
    "german": "Das Mädchen läuft über die Straße zur Brücke. Jörg isst Äpfel.",
    "simplified": "林晓雨出生于杭州。她会弹古琴，从小跟随祖父学习书法。她的父亲是一位医生。",
    "simplified_in_english": "Lin Xiaoyu (林晓雨) was born in Hangzhou. She plays the guqin.",
    "traditional": "林曉雨出生於杭州。她會彈古琴，從小跟隨祖父學習書法。她的父親是一位醫生。",
    "traditional_in_english": "Lin Xiaoyu (林曉雨) was born in Hangzhou and grew up in Taipei.",
    "japanese": "速峰椿は、漫画『ランタンフォール』の主人公である。彼女は赤い紐の配達人として知られている。",
    "korean": "김민지는 서울에서 태어났다. 그녀는 피아노를 친다. 그녀의 아버지는 의사이다.",
    "russian": "Ольга родилась в Москве. Она играет на скрипке и любит читать книги.",
}
EXPECTED = [
    ("english", "cp1252", "Windows-1252"), ("english_short", "cp1252", "Windows-1252"),
    ("french", "latin-1", "Western European"), ("german", "cp1252", "Western European"),
    ("simplified", "gb18030", "GB18030"), ("simplified_in_english", "gb18030", "GB18030"),
    ("traditional", "big5", "Big5"), ("traditional_in_english", "big5", "Big5"),
    ("japanese", "shift_jis", "Shift-JIS"), ("korean", "euc-kr", "EUC-KR"),
    ("english", "utf-8", "UTF-8"), ("traditional", "utf-16", "UTF-16"),
]


@pytest.mark.parametrize("key, encoding, label", EXPECTED)
def test_legacy_encodings_decode_to_the_text_and_say_which(key, encoding, label):
    decoded = decode(TEXTS[key].encode(encoding), "wiki.txt")
    assert decoded.text == TEXTS[key]
    assert label in decoded.label


def _fits(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


ENCODINGS = ["cp1252", "latin-1", "gb18030", "big5", "shift_jis", "euc-kr", "cp1251", "cp1253", "koi8-r"]


@pytest.mark.parametrize("key, encoding", [(k, e) for k in sorted(TEXTS) for e in ENCODINGS if _fits(TEXTS[k], e)])
def test_every_text_in_every_encoding_decodes_exactly_or_is_refused(key, encoding):
    data = TEXTS[key].encode(encoding)
    try:
        decoded = decode(data, "wiki.txt")
    except IngestError as error:
        assert "Save it as UTF-8" in str(error)
        return
    assert decoded.text == TEXTS[key], f"{encoding} {key} garbled as {decoded.label}: {decoded.text[:40]}"


def test_every_benchmark_page_in_every_legacy_encoding_it_fits_decodes_exactly():
    import unicodedata

    from core.extractbench import load_pages

    tried = 0
    for page in load_pages():
        wiki = unicodedata.normalize("NFC", page["wiki"].replace("\r\n", "\n"))
        for encoding in ("cp1252", "latin-1", "gb18030", "big5", "shift_jis", "euc-kr"):
            try:
                data = wiki.encode(encoding)
            except UnicodeEncodeError:
                continue
            tried += 1
            if encoding in ("gb18030", "big5", "shift_jis", "euc-kr") and not re.search(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]", wiki):
                # English with a few symbols ("★", "—") in a CJK encoding: nothing tells which one it is, so a
                # refusal with the reason is right too; a wrong reading never is.
                try:
                    decoded = decode(data, page["file_name"])
                except IngestError:
                    continue
            else:
                decoded = decode(data, page["file_name"])
            assert decoded.text == wiki, f"{page['file_name']} in {encoding} read as {decoded.label}"
    assert tried >= 60  # every English page in three or more, the Chinese ones in GB18030


def test_traditional_chinese_saved_as_gb18030_is_read_not_refused():
    # a 維基百科 page Big5 cannot hold ("®"): the Simplified frequency count alone refused it
    text = ("邱某某（1938年4月17日－），臺灣廟宇彩繪匠師，出生於臺南縣學甲鎮。他十四歲拜師學藝，師承著名畫師陳玉峰的弟子，"
            "專攻門神、樑枋彩繪與壁畫。一九六〇年代起獨立承接工程，作品遍及臺南、嘉義、高雄等地的廟宇。他曾獲頒國家工藝成就獎，"
            "晚年致力於傳承，開設彩繪研習班，培養學徒逾三十人。其作品以色彩濃烈、線條剛健著稱，被譽為南臺灣彩繪的代表人物之一。"
            "商標®見於其工作室出版的畫稿集。") * 2
    assert decode(text.encode("gb18030"), "page.txt").text == text


def test_an_english_page_with_a_japanese_name_saved_as_gb18030_is_read():
    text = ("Koharu Amagase (天ヶ瀬 小春, Amagase Koharu) is a supporting character.\n"
            + "She loves the stars and the rooftop observatory of her school.\n" * 3)
    assert decode(text.encode("gb18030"), "mal.txt").text == text
