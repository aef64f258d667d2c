"""Stop 30's rules from batches AH and AI, read after their measurement on arrival (a fundraiser a sister writes, a
community theatre's cast page, a founder interview in questions and answers, a granddaughter's 微博 memorial; an album
page with the artist's signed notes, an athlete's activity feed, a second-hand seller's page, a school's page on six
teachers): each checked on text of its own."""
from core.clauses import split_long
from core.fields import field_sentences
from core.ingest import split_passages
from core.extractbench import offline_extraction


def _statements(character: str, page: str) -> list[str]:
    return offline_extraction({"character": character, "file_name": "p.txt", "wiki": page})[0]


def test_credit_lines_are_sentences_of_their_own_and_a_lead_in_is_no_items_opening():
    credits = "Credits\n\nWritten by Ada Quill\nRecorded by Tom Fenn in Leeds, May 2022\nMixed by Tom Fenn at Mill Studio, York\n"
    texts = [p.text for p in split_passages(credits, "c.txt")]
    assert any("Leeds, May 2022. Mixed by" in t for t in texts), texts
    wrapped = "She moved to the coast\nin the spring of 1998 and\nopened a bakery there.\n"
    assert [p.text for p in split_passages(wrapped, "w.txt")] == ["She moved to the coast in the spring of 1998 and opened a bakery there."]
    lead = "A few things about my brother, since he'd never brag:\n- He has rebuilt nine old organs for village halls.\n- He cannot sing."
    texts = [p.text for p in split_passages(lead, "l.txt")]
    assert texts == ["A few things about my brother, since he'd never brag. He has rebuilt nine old organs for village halls. "
                     "He cannot sing."], texts
    assert [p.text for p in split_passages(":\n- He has rebuilt nine old organs for village halls.", "c.txt")]  # a colon alone
    listed = "Her hobbies include:\n- painting\n- hiking"
    assert [p.text for p in split_passages(listed, "h.txt")] == ["Her hobbies include: painting.", "Her hobbies include: hiking."]


def test_a_short_sentence_counts_its_words_with_the_whole_name_and_he_s_before_a_participle_is_has():
    statements = _statements("Owen Castel", "Owen is 41. Owen is self-employed. He's coached the Squirt B team for four seasons. "
                                            "He's based in Duluth.")
    assert {"Owen Castel is 41.", "Owen Castel is self-employed.", "Owen Castel has coached the Squirt B team for four seasons.",
            "Owen Castel is based in Duluth."} <= set(statements), statements


def test_a_fundraisers_donors_budget_and_call_to_the_reader_are_no_facts():
    page = """Help Owen Castel get back on his feet

Owen Castel runs a piano repair shop in Duluth.

What the money is for
Three months of mortgage while Owen can't work: $7,000

Words of support (12)
Please donate to share words of support.

Rich Hale
$75 · 4 d
Owen drove up in a blizzard because our daughter's recital was the next morning.
Reply
"""
    statements = _statements("Owen Castel", page)
    assert statements == ["Owen Castel runs a piano repair shop in Duluth."], statements


def test_a_cast_page_gives_each_bio_its_own_person_and_her_short_name_is_hers():
    page = """MEET THE CAST

HOLLY VANDERS (Ruth) moved to Salina from Lincoln in 2021. Previous credits include Kate in Kiss Me, Kate. She also spent two summers touring Nebraska.

BERNADETTE SZALO (Madame Arcati) first auditioned for the Players in 1998. Bernie retired in 2021 after 31 years as a school librarian. She rides with the Smoky Hill Cycling Club.
"""
    statements = _statements("Bernadette Szalo", page)
    assert not any("Nebraska" in s or "Lincoln" in s for s in statements), statements  # Holly's
    assert any(s.startswith("Bernadette Szalo (Madame Arcati) first auditioned") for s in statements), statements
    assert any(s.startswith("Bernadette Szalo retired in 2021") for s in statements), statements
    assert "Bernadette Szalo rides with the Smoky Hill Cycling Club." in statements, statements


def test_a_grandchilds_memorial_is_the_writers_and_grandpa_is_the_character():
    page = """我爷爷叫杭守正，1934年生的，山东昌乐人。我小时候是爷爷带大的。

1956年他复员，被分到济南铁路局当养路工。爷爷最爱吃煎饼卷大葱。我上大学那年他塞给我两千块钱。

晚风吹过
“天塌不下来”，我姥爷也这么说
4-4 22:41 来自山东
赞 8721
  橘子汽水：抱抱，老一辈都有这么一句
  4-4 23:02
"""
    statements = _statements("杭守正", page)
    assert "杭守正最爱吃煎饼卷大葱。" in statements, statements
    assert not any("我" in s or "姥爷" in s or "抱抱" in s or "大学" in s for s in statements), statements


def test_an_interviews_lead_ins_company_card_and_reporters_card_are_not_the_founders():
    page = """专访詹立舟：三年跑了400个冷库

编者按：据行业数据，2023年全国冷库总容量已超过2.2亿立方米。以下是对话实录，经编辑整理。

杭州冻点科技有限公司
成立时间：2019-03
所在地：浙江省杭州市
创始人、CEO：詹立舟

见到詹立舟时，他穿一件灰色冲锋衣。

01 “我是闻着鱼腥味长大的”

36氪：先聊聊你的成长经历吧。

詹立舟：我1987年出生在福建霞浦的一个渔村。（笑）我跑过四个全马。

杨沁
关注
36氪资深记者，关注物流与企业服务。发表文章 213 篇
"""
    statements = _statements("詹立舟", page)
    assert "詹立舟是杭州冻点科技有限公司的创始人、CEO。" in statements, statements
    assert "詹立舟跑过四个全马。" in statements, statements
    assert not any(w in s for s in statements for w in ("成立时间", "所在地", "据", "以下", "发表文章", "闻着")), statements


def test_a_section_signed_with_her_name_is_hers_and_our_dad_is_her_dad():
    page = """about this album
This is my first record in years. I work nights as a pharmacy technician at the hospital.

Our dad, Hank, was a deckhand on the ore boats for twenty-six years.

My daughter Junie was five when we made this. She sings the last verse of track 7.

- Marnie

supported by
gorp_wanderer
The little voice at the end gets me every time.
favorite track: Junie Sings the Ice Out.
"""
    statements = _statements("Marnie Elwood", page)
    assert "Marnie Elwood works nights as a pharmacy technician at the hospital." in statements, statements
    assert "Marnie Elwood's dad, Hank, was a deckhand on the ore boats for twenty-six years." in statements, statements
    assert not any("sings" in s or "voice" in s for s in statements), statements  # Junie's; a fan's


def test_a_split_keeps_what_the_parser_hung_on_the_name():
    pieces = split_long("Marnie Elwood works nights as a pharmacy technician at the hospital up on the hill, and on her 3 a.m. lunch "
                        "break Marnie Elwood would sit in her Corolla in the ramp with the heater running.",
                        "Marnie Elwood", True)
    assert pieces[-1].startswith("On her 3 a.m. lunch break Marnie Elwood would sit"), pieces


def test_an_athletes_feed_its_stats_counters_bio_and_replies():
    page = """Declan Fairwood
Sheffield, England
Follow
Following 214
Followers 389

Fell runner, dad of two, recovering accountant, now teaching geography to teenagers.

All-Time
Runs 1,614
Longest run 72.4 km

Declan Fairwood
Today at 7:48 AM · Hathersage, England
Run
Distance 24.31 km
Moving Time 2:41:07
Pace 6:38 /km

Left the car at Hathersage and did the Stanage edge loop. Biscuit was faster than me downhill.

Declan Fairwood
Friday at 4:31 PM · Sheffield, England
Ride
Took the long way home from school because I couldn't face the marking pile. I bought my old Dawes with my first bonus.

Rhona Gat
What's the plan for Leg 2?
Declan Fairwood
@Rhona Gat Leg 2 from Threlkeld at about 1am. Dreading it and looking forward to it in equal measure.
"""
    statements = _statements("Declan Fairwood", page)
    assert "Declan Fairwood is a fell runner, dad of two, recovering accountant, now teaching geography to teenagers." in statements, statements
    assert {"Declan Fairwood has 1,614 runs.", "Declan Fairwood's longest run is 72.4 km."} <= set(statements), statements
    assert not any("Following" in s or "following 214" in s or "oving" in s or "Pace" in s or "@" in s for s in statements), statements
    assert "Declan Fairwood couldn't face the marking pile." in statements, statements


def test_a_figure_field_reads_as_a_sentence():
    assert field_sentences("Longest run", "72.4 km", "Ada Kerr", ["Ada Kerr", "Ada", "Kerr"], [])[0].rstrip(".") == "Ada Kerr's longest run is 72.4 km"


def test_a_second_hand_sellers_buyers_are_theirs_and_the_sellers_replies_his():
    page = """个人简介
我姓乔，扬州人，今年七十了。十七岁进照相器材修配社当学徒。

买家评价（203）

m***7
好评
FM2收到了，包装确实丑哈哈哈，我爷爷年轻时候也用海鸥。
2024-03-11 · 已购：尼康 FM2
卖家回复：毛衣是我外孙小时候穿的，你留着擦机器。

立即登录
"""
    statements = _statements("乔振海", page)
    assert "乔振海十七岁进照相器材修配社当学徒。" in statements, statements
    assert any(s.startswith("毛衣是乔振海外孙小时候穿的") for s in statements), statements
    assert not any("FM2收到" in s or "爷爷" in s or "卖家回复" in s or "登录" in s for s in statements), statements


def test_a_schools_page_on_six_teachers_keeps_hers_only():
    page = """彭立信
任教学科：数学
简介：彭立信，男，1988年生。他擅长把函数问题画成图讲透，办公室被同事戏称为“修理铺”。

邢兰川
任教学科：化学
简介：邢兰川，女，1981年生，中共党员。学生私下叫她“兰姐”。
（图为邢兰川老师在实验室指导学生）
"""
    statements = _statements("邢兰川", page)
    assert "邢兰川的任教学科是化学。" in statements and "邢兰川老师在实验室指导学生。" in statements, statements
    assert not any("数学" in s or "函数" in s or "修理铺" in s for s in statements), statements


def test_read_39s_queries_ask_what_the_statement_says():
    from core.queries import template_queries

    fear = template_queries("邢兰川的体育课上从不让一个学生旁观，哪怕是身体不便的学生，她也会安排练习。", "邢兰川")
    assert not any("怕" in q for q in fear), fear  # 哪怕: "even if"
    shop = template_queries("1994年乔振海在国庆路自己开了间小铺子，叫“振海照相机修理”。", "乔振海")
    assert "大家都怎么称呼你？" not in shop, shop  # the shop's name
    credits = template_queries("Mixed by Ben Tollefson at Slip 4 Sound, Duluth, with Marnie Elwood.", "Marnie Elwood")
    assert not any("Mixed" in q for q in credits), credits


def test_read_40s_queries_ask_what_the_statement_says():
    from core.queries import template_queries

    assert template_queries("昨天在沈阳中街偶遇钟淑芬老师！", "钟淑芬") == ["能跟我说说你自己吗？"]  # 芬/琴 of a name, her 老师
    assert "你最喜欢哪首曲子？" not in template_queries("钟淑琴上周在沈阳中街签售。", "钟淑琴")
    spare = template_queries("钟淑琴很少上综艺节目，工作之余喜欢包饺子、养君子兰。", "钟淑琴")
    assert not any("工作" in q for q in spare), spare
    part = template_queries("2019年，钟淑琴第一次在电影里担任女主角。", "钟淑琴")
    assert "你担任过什么职务？" not in part, part
    letter = template_queries("Stanley Hux had a letter from Gladys Tucker, the one from Myrtle Street.", "Stanley Hux")
    assert "Did you have a letter?" not in letter, letter
    ports = template_queries("Because of wartime censorship Stanley Hux rarely names ports.", "Stanley Hux")
    assert not any(q.startswith("Do you name") for q in ports), ports
    for statement in ("Declan Fairwood couldn't face the marking pile.", "Declan Fairwood has 163 runs.",
                      "Declan Fairwood plays everything on here on a 1964 Gibson guitar."):
        questions = template_queries(statement, "Declan Fairwood")
        assert not any(q.startswith(("Could you", "Do you have 163", "Tell me about playing everything")) for q in questions), questions


def test_a_profile_card_under_her_name_is_hers():
    page = """Marnie Elwood
Duluth, Minnesota
Follow
Songwriter from Duluth, Minnesota, writing about ore docks, night shifts and the North Shore of Lake Superior. Grew up in a Great Lakes shipping family; has released music on her own since 2016. ... more
"""
    statements = _statements("Marnie Elwood", page)
    assert "Marnie Elwood is a songwriter from Duluth, Minnesota, writing about ore docks, night shifts and the North Shore of " \
           "Lake Superior." in statements, statements
    assert any(s.startswith("Marnie Elwood grew up in a Great Lakes shipping family") for s in statements), statements
    assert not any("more" in s.split() for s in statements), statements


def test_a_sites_tabs_with_counts_are_no_figures_of_hers():
    from core.fieldlines import stat_lines

    assert stat_lines(["FAQ 3", "Updates 4", "Comments 212"]) == ["FAQ 3", "Updates 4", "Comments 212"]
    assert stat_lines(["Runs 163", "Longest run 72.4 km", "Moving Time 2:41:07"]) == ["Runs: 163", "Longest run: 72.4 km"]


def test_read_41s_queries_ask_what_the_statement_says():
    from core.queries import template_queries

    for statement, name in (("万廷枢的门人彭润生自称“门人”。", "万廷枢"), ("《泰和志》有万廷枢小传，称其“守上杭有功，以养亲归”。", "万廷枢")):
        assert "大家都怎么称呼你？" not in template_queries(statement, name)  # his own word for himself; a book's words
    assert not any("怕" in q for q in template_queries("鄢明哲讲石头是怎么来的，为什么大理石怕醋。", "鄢明哲"))
    assert "你最怕什么？" in template_queries("鄢明哲从小就怕黑。", "鄢明哲")
    assert not any("发票" in q for q in template_queries("鄢明哲如需开具发票。", "鄢明哲"))
    daughter = template_queries("鄢明哲的女儿八岁那年，看电视里说珠穆朗玛峰每年在长高。", "鄢明哲")
    assert "你平时都做些什么？" not in daughter, daughter
    assert template_queries("Estelle Marra is still married.", "Estelle Marra")[0] == "Are you married?"
    assert "What do you do for a living?" not in template_queries("Estelle Marra's nonna worked on 38th Street too.", "Estelle Marra")
    assert "What were you named to?" not in template_queries("Vernon Tibb was named to the all-county team three times.", "Vernon Tibb")
    assert template_queries("Vernon Tibb was a two-time NAIA all-district selection.", "Vernon Tibb")[0] == "Were you an all-district selection?"
    assert "Did you keep that sign?" not in template_queries("Estelle Marra kept that sign for forty-one years.", "Estelle Marra")


def test_batch_aj_letters_signed_sections_a_review_sites_reviewers_and_her_quoted_words():
    letters = """Biographical Note
Stanley Huxtabb was born at Appledore in 1911. He went to sea in 1928.

1. 12 January 1940
Dear Ivy,
Just a line to let you know I am alright. I had a letter from Gladys Tucker. [two words struck through, illegible]
Tell Mother there is nothing to tell.
Your loving brother
Stan

2. 3 September 1941
Dear Ivy,
The bosun is teaching me to splice wire. I am brown as a berry.
P.S. Don't send any more fags, I am trying to cut down.
Your loving brother
Stan
"""
    statements = _statements("Stanley Huxtabb", letters)
    assert "Stanley Huxtabb is brown as a berry." in statements, statements
    assert any(s.startswith("Don't send any more fags, Stanley Huxtabb is trying") for s in statements), statements
    assert not any(s.startswith(("Dear", "Tell", "P.S.")) or "[" in s for s in statements), statements
    yelp = """About the Business
My dad Jesús opened this shop in 1998. I took over the shop in 2014 when his eyesight started going.

Recommended Reviews
Dana W.
Tustin, CA
12 friends 40 reviews 18 photos
Elite 24
Mar 14, 2024
My favorite pair of Red Wings had the soles worn through and I figured they were done.
Helpful 8
Thanks 1
Love this 4
Oh no 0
Business Owner Response
Rafael Q.
Business Owner
Mar 16, 2024
In November my dad was in the hospital and I fell behind on everything.
Sgt. Tony R.
Oceanside, CA
45 friends 112 reviews 60 photos
Aug 9, 2023
Rafael rebuilt the heels on my service boots.
"""
    statements = _statements("Rafael Quintero", yelp)
    assert "Rafael Quintero took over the shop in 2014 when his eyesight started going." in statements, statements
    assert any(s.startswith("In November") and "Rafael Quintero fell behind" in s for s in statements), statements
    assert not any("Red Wings" in s or "his service boots" in s for s in statements), statements
    quoted = "2021年，她在电影《长夜》中饰演一位退休教师。她说：“拍这个戏那阵子，我每天收工第一件事就是给我妈打电话，怕哪天她也不认得我了。”"
    statements = _statements("钟淑兰", "钟淑兰，1963年出生于辽宁鞍山，中国内地女演员。\n\n" + quoted)
    assert any(s.startswith("钟淑兰每天收工第一件事就是给") for s in statements), statements
    assert not any("说：“" in s for s in statements), statements
