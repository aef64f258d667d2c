"""Shapes from stop 22's held-out batches P and Q (a podcast transcript, a forum answer with citations, a memorial
page, a GitHub profile, a crowdfunding page, a game wiki's voice lines, a poet's page, a résumé). Each test is the
general rule, on text of its own."""
from core.aliases import find_aliases
from core.ingest import split_passages, split_sentences
from core.cv_lines import cv_entries
from core.pagetext import stacked_fields, without_menu_runs
from core.spoken import spoken_en

TRANSCRIPT = """Episode 12 — Nets and Needles (with Morwenna Tresize)

Transcript

PRESENTER: Welcome back. Today I'm with a net-maker from Porthleven.

MORWENNA TRESIZE: Thank you. I was born in Porthleven in 1958 and I have mended nets since I was twelve.

PRESENTER: Was it hard, starting so young?

MORWENNA TRESIZE: My father taught me the knots. I still use his netting needle.

PRESENTER: I grew up in Leeds myself, so this is all new to me.
"""


def test_a_transcripts_other_speaker_is_never_the_character(page_statements):
    found = page_statements("Morwenna Tresize", TRANSCRIPT)
    assert "Morwenna Tresize was born in Porthleven in 1958." in found, found
    assert any("still uses her netting needle" in s or "still uses his netting needle" in s for s in found), found
    # the presenter's own life and questions are theirs
    assert not any("Leeds" in s or "presenter" in s.casefold() or "hard" in s for s in found), found


FORUM = """r/AskOldTrades
quarry_and_chisel
I found an old ledger of my grandfather's that mentions "Widow Pellinor's forge" in 1790. Was she real?

ironmonger_history
Great question, and one of my favourite cases. Hester Pellinor ran a smithy in Ludlow from 1771 to 1802 (Gwynne 1999, pp. 44–51; see Harcastle 2006, p. 12). She took over the forge after her husband died in 1771.

Her forge made nails, hinges and plough irons for the farms around Ludlow. She trained two apprentices, and in 1788 she
won a contract to supply ironwork for the new county gaol.

She married a second time in 1790, to the wheelwright Samuel Dace, but kept the forge in her own name.

She died in Ludlow in 1802 and was buried at St Laurence's.

Her son Josiah took over the smithy and ran it until 1830. The building still stands on Corve Street.

Her prices were low, and the Ludlow ironmongers complained of her to the borough in 1779.

She sat on no guild, but the parish paid her for the church gates in 1785.

For a long time she appeared only in footnotes. Since the 1990s she has been studied as one of the few women smiths of
the Marches.

I saw her account book in the county archive last year. Her hand is tiny and neat.
"""


def test_a_forum_posts_writer_is_not_the_character_on_a_page_about_her(page_statements):
    found = page_statements("Hester Pellinor", FORUM)
    assert "Hester Pellinor ran a smithy in Ludlow from 1771 to 1802." in found, found  # the citation is gone
    assert any(s.startswith("Hester Pellinor took over the forge") for s in found), found
    # the asker's grandfather and the answerer's visit to the archive are theirs
    assert not any("grandfather" in s or "account book" in s or "favourite" in s for s in found), found


def test_an_author_year_citation_goes_and_its_pages_end_no_sentence():
    text = ("She took an apprentice (one of three in the city, see Bell 2004, p. 211), and she trained her son. "
            "She ran the press (Hartigan 1998, p. 61; Bell 2004, p. 203). She died in 1786.")
    sentences = split_sentences(split_passages(text, "a.txt")[0].text)
    assert sentences == ["She took an apprentice (one of three in the city), and she trained her son.",
                         "She ran the press.", "She died in 1786."], sentences


MEMORIAL = """Ada Pim Colebrook
Birth
2 May 1870
Ashby, Norfolk, England
Death
9 Jan 1931 (aged 60)
Norwich, Norfolk, England
Burial
Rosary Cemetery
Norwich, Norfolk, England
Memorial ID
11223344 · View Source

Ada Colebrook kept the post office at Ashby for thirty years. I found her in the 1901 census with her sister.

Family Members
Parents
Walter Pim
1840–1901
Spouse
Thomas Colebrook
1866–1929 (m. 1894)
Children
Edith Colebrook
1895–1970

Flowers 3
Rest in peace, Aunt Ada.
Left by J. Pim on 2 May 2020
"""


def test_a_stacked_infobox_gives_its_dates_places_and_relatives(page_statements):
    found = page_statements("Ada Colebrook", MEMORIAL)
    assert "Ada Colebrook was born on 2 May 1870 in Ashby, Norfolk, England." in found, found
    assert "Ada Colebrook was buried at Rosary Cemetery, Norwich, Norfolk, England." in found, found
    assert "Ada Colebrook's spouse is Thomas Colebrook (1866–1929; married 1894)." in found, found
    assert "Ada Colebrook's child is Edith Colebrook (1895–1970)." in found, found
    assert "Ada Colebrook kept the post office at Ashby for thirty years." in found, found
    # the volunteer who found her, the memorial's number and the visitors' flowers are not facts of hers
    assert not any("census" in s or "11223344" in s or "Rest in peace" in s or "Left by" in s for s in found), found


def test_a_lone_label_over_a_line_is_still_a_heading():
    lines = ["Children", "She had no children of her own."]
    assert stacked_fields(lines) == lines


def test_a_menu_copied_one_item_a_line_goes_but_fields_stay():
    lines = ["Sign in", "Product", "Solutions", "Pricing", "Follow", "Gender: Female", "Species: Human", "Hair: Copper",
             "Eyes: Grey", "Age: 15", "She flies the ferry."]
    assert without_menu_runs(lines) == lines[5:]


def test_a_bio_lines_without_i_name_the_narrator():
    assert spoken_en("Senior embedded engineer at Cardle Systems, where I work on motor controllers.", "Ann Roe") == \
        "Ann Roe is a senior embedded engineer at Cardle Systems, where I work on motor controllers."
    assert spoken_en("MEng in Electronic Engineering from the University of Leeds (2013).", "Ann Roe") == \
        "Ann Roe holds an MEng in Electronic Engineering from the University of Leeds (2013)."
    assert spoken_en("Learning Zig, slowly.", "Ann Roe") == "Ann Roe is learning Zig, slowly."
    assert spoken_en("Writing is hard.", "Ann Roe") == "Writing is hard."  # a gerund that is the subject
    assert spoken_en("Rust on microcontrollers, and why your HAL is lying to you", "Ann Roe").startswith("Rust")
    assert spoken_en("Hi friends — I'm Ann Roe, and this game has lived in a shoebox for six years.", "Ann Roe") == \
        "This game has lived in a shoebox for six years."


CAMPAIGN = """Story
Hi friends — I'm Bram Osterhout, and I co-organise the Delft board game night. I cross-country ski every winter.
I was born in Utrecht in 1984.

Comments
212 comments
Log in to leave a comment

Marta K.
Superbacker
3 days ago
Backed his last one too. Mr. Osterhout always delivers and I love his games, honestly the best designer around.
Reply

Dev O.
5 days ago
My son had him as a teacher at the Delft lyceum and still talks about his chemistry games every week.
Reply
"""


def test_a_campaign_pages_comments_stay_comments_and_its_narrator_keeps_his_verbs(page_statements):
    found = page_statements("Bram Osterhout", CAMPAIGN)
    assert "Bram Osterhout co-organises the Delft board game night." in found, found
    assert "Bram Osterhout cross-country ski every winter." in found or \
        not any("cross-countries" in s for s in found), found
    assert "Bram Osterhout was born in Utrecht in 1984." in found, found
    assert not any("delivers" in s or "teacher" in s or "Bram Osterhout's son" in s for s in found), found


VOICES = """角色介绍
苏念是灯塔守夜人，人称“小灯”。

语音
播放 登录 “灯还亮着。”
播放 好感度Lv.5·烦恼 “我从小就怕打雷。”
播放 好感度Lv.6·喜好 “我最喜欢桂花糕。”

评论区
评论 88 最热 最新
雾里看灯 LV5 2024-02-11
我也怕打雷，苏念好可爱
回复 点赞 12
"""


def test_a_game_wikis_voice_lines_are_the_character_speaking(page_statements):
    found = page_statements("苏念", VOICES)
    assert "苏念从小就怕打雷。" in found, found
    assert "苏念最喜欢桂花糕。" in found, found
    assert not any("可爱" in s or "点赞" in s for s in found), found  # a commenter with a level badge


POET = """林鹤山
林鹤山（1130—1201），字子寿，号松溪居士，福州侯官人。南宋诗人。

溪行
宋代：林鹤山
山雨初收鸟自还，一筇扶我过溪湾。
松风不问人间事，只送闲云到远山。
译文
山雨刚停，鸟儿归巢，我拄着竹杖走过溪湾。

相关作者
陆游
陆游（1125—1210），字务观，号放翁，越州山阴人，南宋文学家。
"""


def test_a_poets_poems_and_the_related_poets_are_no_facts_of_hers(page_statements):
    found = page_statements("林鹤山", POET)
    assert "林鹤山字子寿。" in found, found
    assert not any("溪湾" in s or "陆游" in s or "务观" in s for s in found), found
    aliases = find_aliases([POET], "林鹤山")
    assert "子寿" in aliases and "松溪居士" in aliases, aliases
    assert "务观" not in aliases and "放翁" not in aliases, aliases


def test_a_resumes_entries_and_bullets_are_the_persons():
    assert cv_entries(["2016.09 - 2019.06", "东南大学 | 统计学 | 硕士"])[1] == "就读于东南大学统计学专业（硕士，2016.09 - 2019.06）。"
    assert cv_entries(["2019 – 2021", "Acme Ltd | Data team | Analyst"])[1] == \
        "Worked at Acme Ltd (Data team) as Analyst, 2019 – 2021."
    assert cv_entries(["Hobbies", "Chess | Hiking"]) == ["Hobbies", "Chess | Hiking"]  # no date range, no entry


RESUME = """基本信息
姓名：周小满
性别：女

工作经历
2020.07 - 至今
杭州云帆科技有限公司 | 数据部 | 数据分析师
· 负责用户增长分析
· 2022年获公司“年度新人”称号
"""


def test_a_resumes_subjectless_bullets_name_the_person(page_statements):
    found = page_statements("周小满", RESUME)
    assert "周小满在杭州云帆科技有限公司数据部担任数据分析师（2020.07 - 至今）。" in found, found
    assert "周小满负责用户增长分析。" in found, found


def test_what_she_did_to_a_thing_named_in_passing_is_a_fact_of_her_own():
    from core.clauses import split_long

    assert split_long("In 1753 Hester Pellinor also founded a weekly paper, The Ludlow Post, which she edited and printed "
                      "herself until 1779 and which at its height had 900 subscribers across the county.", "Hester Pellinor") == [
        "In 1753 Hester Pellinor also founded a weekly paper, The Ludlow Post.",
        "Hester Pellinor edited and printed The Ludlow Post herself until 1779."]
    # a tense of its own, or a thing that may be either noun, stays whole
    whole = "Hester Pellinor moved into the house on Corve Street in 1790, which she had bought from her brother Josiah."
    assert split_long(whole, "Hester Pellinor") == [whole]


TROPES = """Characters / The Fenmouth Casebook

Detective Inspector Hollis Marrable
The protagonist. A former Latin master, Marrable joined the police at thirty-four.

Badass Bookworm: Reads Tacitus in the original on stakeouts.
Fish out of Water: He's a Leeds man in Norfolk.
Southpaw Advantage: He's left-handed. [SPOILER: It is how he catches the killer in Book 3.]

Detective Sergeant Priya Lockhart
Took a Level in Badass: Goes from desk-bound DC to running her own murder inquiry.
Nice Girl: Brings cakes from her mum's bakery to every briefing.
"""


def test_a_trope_sheets_labels_are_no_people_and_another_persons_entries_are_theirs(page_statements):
    found = page_statements("Hollis Marrable", TROPES)
    assert "Hollis Marrable reads Tacitus in the original on stakeouts." in found, found
    assert "Hollis Marrable is a Leeds man in Norfolk." in found, found
    assert "Hollis Marrable is left-handed." in found, found
    assert not any("SPOILER" in s for s in found), found
    assert not any("murder inquiry" in s or "cakes" in s for s in found), found  # the sergeant's entries


FAN_POST = """#渡舟记# 新人入坑指南

一、基本信息
姓名：晏小舟
家人：父亲晏承钧、大哥晏小帆、二哥晏小渚

二、人物经历
晏小舟是扬州漕帮帮主的小女儿。断魂崖一战，她的右眼被毒砂所伤，从此失明（这段广播剧我听一次哭一次）。
全书最后一句是“渡人，也渡己”，她把帮主之位交给了二哥，我当场泪崩。

三、名场面
十五岁那年，晏小舟跟着云栖阁阁主上山学剑，收作关门弟子。
二十岁那年，晏小舟查到师父勾结盐枭私贩官盐，在武林大会上当众揭发。
此后晏小舟叛出师门，被通缉了整整两年。
晏小舟其实不会游泳，却抱着一根竹竿跳下江去捞人。

转发 1208   评论 486   赞 5621

评论 486
按热度
一颗咸鸭蛋yo：太全了！！已收藏，今晚就去从第一章开始补
3-14 21:15 来自 微博weibo.com
"""


def test_a_fans_post_about_her_keeps_the_fans_words_and_her_brothers_names_apart(page_statements):
    found = page_statements("晏小舟", FAN_POST)
    assert "晏小舟是扬州漕帮帮主的小女儿。" in found and "此后晏小舟叛出师门，被通缉了整整两年。" in found, found
    assert not any("晏小舟听一次哭一次" in s or "晏小舟当场泪崩" in s for s in found), found  # the fan's 我
    assert not any("已收藏" in s or "咸鸭蛋" in s for s in found), found  # a comment under "评论 486"
    assert not any("大哥晏小舟" in s or "二哥晏小舟" in s for s in found), found  # siblings are no second spelling


def test_a_clause_that_is_hers_comes_out_of_others_clauses():
    from core.clauses import split_long

    assert split_long("Dad worked the ore boats on Lake Superior and Mom ran the lunch counter at a bait shop, so Bram "
                      "Osterhout grew up around people who talked about the weather like it was a relative.", "Bram Osterhout") == [
        "Bram Osterhout grew up around people who talked about the weather like it was a relative."]
    assert split_long("Hedgerow (2019) delivered five weeks late because of a freight delay out of Shenzhen; Bram Osterhout "
                      "wrote about every step of that in the updates and Bram Osterhout will do the same here.", "Bram Osterhout") == [
        "Bram Osterhout wrote about every step of that in the updates.", "Bram Osterhout will do the same here."]


def test_queries_ask_no_birth_of_a_name_ending_in_sheng_nor_about_a_maiden_name():
    from core.queries import template_queries

    assert not any("出生" in q for q in template_queries("2003年，窦禾生在昭萍东路租下一间四十平方米的门面。", "窦禾生"))
    found = template_queries("Ada Fenwick was the second of five children of the surgeon John Harcourt and his wife Eliza "
                             "(née Dodd).", "Ada Fenwick")
    assert not any("Dodd" in q for q in found), found


def test_queries_keep_a_title_whole_a_time_spent_and_a_birth_time_apart():
    from core.queries import template_queries

    found = template_queries("In 1874, Ada Fenwick publishes A Catalogue of the Lichens of the North Pennines.", "Ada Fenwick")
    assert not any("A Catalogue?" in q or q == "When did you publish?" for q in found), found
    assert "When did you publish A Book of Days?" in template_queries("In 1990 Ann Roe published A Book of Days.", "Ann Roe")
    found = template_queries("After that Noor Vale spent one winter staging in a tiny kitchen in Beirut.", "Noor Vale")
    assert not any("staging?" in q for q in found), found
    found = template_queries("Ilsa Varrow was born winter of 1102 AT, Caddenmere.", "Ilsa Varrow")
    assert "What was your name at birth?" not in found and "Where were you born?" in found, found
    assert "What was your name at birth?" in template_queries("Margot Feeney was born Margot Kowalczyk in Gdansk.", "Margot Feeney")


def test_chinese_queries_leave_others_liking_and_an_old_stranger_alone():
    from core.queries import template_queries

    assert "你喜欢什么？" not in template_queries("龙小薇2021年开始拍视频记录绣花，没想到大家这么喜欢。", "龙小薇")
    assert "你喜欢什么？" in template_queries("林小棠喜欢重庆火锅，越辣越好。", "林小棠")
    assert not any("家人" in q for q in template_queries("2017年冬天，一个七十多岁的老爷爷半夜心梗送过来，是蒋小夏第一个发现的。", "蒋小夏"))


def test_chinese_topic_questions_leave_a_harvest_and_what_others_like_alone():
    from core.queries import template_queries

    found = template_queries("龙小薇2021年开始拍视频记录绣花，本来只是想给自己存个档，没想到大家这么喜欢。", "龙小薇")
    assert not any("喜欢" in q for q in found), found
    found = template_queries("从电商转到储能制造这三年，邵小桐最大的收获是学会了和工艺工程师用同一种语言说话。", "邵小桐")
    assert not any("奖" in q for q in found), found


def test_queries_ask_no_vague_hand_verbs_nor_about_a_thing_the_points_to():
    from core.queries import template_queries

    assert not any(q.startswith("What did you turn") for q in template_queries(
        "Gideon Vane turned the key, signed the last page of the log.", "Gideon Vane"))
    assert "Tell me about your flag." not in template_queries("Ann Roe carried the flag at the 2012 Olympics.", "Ann Roe")
    assert "Tell me about your pocket watch." in template_queries("Ann Roe carries a pocket watch.", "Ann Roe")


def test_a_later_sentence_under_a_label_of_no_known_field_is_not_the_labels_value():
    from core.fields import field_sentences

    found = field_sentences("Handicapped Badass", "He is shot in the knee in Book 4. Not that this stops him chasing people.",
                            "Hollis Dunmore", ["Hollis Dunmore", "Hollis", "Dunmore"])
    assert found == ["Hollis Dunmore is shot in the knee in Book 4."], found


def test_a_language_field_and_a_quoted_title_ask_what_a_person_would():
    from core.queries import template_queries

    assert template_queries("邵小桐的日语是日常交流。", "邵小桐") == ["你会说哪些语言？"]
    found = template_queries('Pru Lark changed the imprint first to "P. Lark" and then to "Printed by the Widow Lark".', "Pru Lark")
    assert not any(q.startswith("Who") for q in found), found
    assert "Who did you write the book with?" in template_queries("Ann Roe wrote the book with Tom Hale.", "Ann Roe")


def test_queries_ask_no_work_label_nor_a_cut_relation_nor_a_relatives_age():
    from core.queries import template_queries

    found = template_queries("Mara Teague, better known as Undertow, is a fictional superhero appearing in comic books.", "Mara Teague")
    assert not any("fictional" in q for q in found), found
    found = template_queries("Varek Solun is the younger brother of Aldric Solun and the man who usurped the throne.", "Varek Solun")
    assert "Are you the younger brother?" not in found, found
    found = template_queries("In 2022 Hal Brenner left teaching to design games full-time.", "Hal Brenner")
    assert not any("full-time?" in q for q in found), found
    assert not any("多大" in q for q in template_queries("倒是郑小田孙女，今年十二岁，周末老来这儿拿边角料刻小猫小狗。", "郑小田"))
    assert "你今年多大了？" in template_queries("林小樱今年17岁。", "林小樱")


def test_one_pilots_a_thing_never_a_person():
    from core.queries import template_queries

    found = template_queries("Within a year Ada Crane was piloting the Meteor regularly.", "Ada Crane")
    assert not any(q.startswith("Who") for q in found), found


PHOTO_FEED = """roskilly_thatch
412 posts
Bettany Roskil 🌾 | Master Thatcher
🏠 Thatching Devon & Cornwall roofs since 2009
👨‍👧 Trained by my dad Jory on the ladder, not in a classroom

roskilly_thatch • Lostwithiel, Cornwall
16 years ago today I climbed my first proper ladder with Dad 😅 Dad made me sweep the yard for a fortnight first.
#thatching #cornwall
March 3, 2025
2,411 likes
View all 96 comments
jory.roskilly I said sweep it PROPERLY proud of you maid
3w  88 likes  Reply

roskilly_thatch
Answering your Q&A from stories 👇
– No, I'm not scared of heights. I'm scared of wasps in old thatch.
– Yes, I live in a thatched house near Lostwithiel.
"""


def test_a_photo_feeds_captions_are_hers_and_its_counts_and_comments_are_not(page_statements):
    found = page_statements("Bettany Roskil", PHOTO_FEED)
    assert "Bettany Roskil has been thatching Devon & Cornwall roofs since 2009." in found, found
    assert any(s.startswith("Bettany Roskil was trained by") for s in found), found
    assert "Bettany Roskil is scared of wasps in old thatch." in found, found
    assert "Bettany Roskil lives in a thatched house near Lostwithiel." in found, found
    assert not any("likes" in s or "PROPERLY" in s or "March 3" in s for s in found), found


TEACHER = """基本信息
姓名	贾小澍
职称	教授
个人简介
贾小澍，男，1983年生于山西太原，东川大学化学学院教授。2005年毕业于南开大学化学系，获理学学士学位。
教育背景
2001.09—2005.07  南开大学  化学系  理学学士
工作经历
2010.09—2013.08  美国加州大学伯克利分校  化学系  博士后
代表性论文（*通讯作者）
[1] Jia, W.*; Tan, Y. In situ Raman tracking on Cu(100). Nature Catalysis, 2022, 5.
荣誉奖励
2023  中国化学会青年化学奖
讲授课程
本科生：《物理化学（上）》《电化学基础》
技术支持：东川大学信息化建设与管理中心
"""


def test_a_teachers_page_gives_its_cv_lines_awards_and_courses(page_statements):
    found = page_statements("贾小澍", TEACHER)
    assert "贾小澍2005年毕业于南开大学化学系。" in found, found  # "个人简介" is a heading after a field line
    assert "贾小澍就读于南开大学化学系（理学学士，2001.09—2005.07）。" in found, found
    assert "贾小澍在美国加州大学伯克利分校化学系担任博士后（2010.09—2013.08）。" in found, found
    assert "贾小澍2023年获中国化学会青年化学奖。" in found, found
    assert "贾小澍为本科生讲授《物理化学（上）》《电化学基础》。" in found, found
    assert not any("Raman" in s or "技术支持" in s for s in found), found


TRANSCRIPT_ZH = """文字稿
陈澈：欢迎来到慢车道，我是阿澈。我小时候在福州被蜜蜂蜇过眼皮。

俞小蔓：阿澈好，我是俞小蔓。我是四川南充人，1986年生的，老家在西充县。

陈澈：你现在也开网店？

俞小蔓：对，2018年开的网店叫“蔓山蜂事”，只卖我们自己摇的蜜。

俞小蔓：我就是个养蜂的，写东西全靠笨办法。

评论（326）
热门  最新
山里的风  IP属地：四川
听到2016年那段在地铁上哭了。蔓姐加油！
  赞 812  回复
林间小鹿  IP属地：甘肃
我在天水见过俞老师的蜂车！
"""


def test_a_chinese_transcripts_host_and_listeners_are_not_the_guest(page_statements):
    found = page_statements("俞小蔓", TRANSCRIPT_ZH)
    assert any(s.startswith("俞小蔓是四川南充人") for s in found), found
    assert any(s.startswith("俞小蔓2018年开的网店") for s in found), found  # "对，" is an answer's first word
    assert "俞小蔓就是个养蜂的。" in found or any(s.startswith("俞小蔓就是个养蜂的") for s in found), found
    assert not any("福州" in s or "地铁" in s or "蜂车" in s or "俞小蔓对" in s for s in found), found


def test_no_age_of_a_named_relative_and_no_opinion_asked_of_dad():
    from core.queries import template_queries

    assert not any("多大" in q for q in template_queries("俞小蔓的女儿叫吴朵朵，今年八岁，在南充读书。", "俞小蔓"))
    found = template_queries("16 years ago today Bet Roskil climbed her first proper ladder with Dad, on a barn at Warleggan.", "Bet Roskil")
    assert "What do you think of Dad?" not in found, found


def test_queries_leave_titles_words_revelations_and_particles_alone():
    from core.queries import template_queries

    assert not any("家" in q for q in template_queries("许小川的代表作品是山那边的邮局、盐湖与母亲、晚班车。", "许小川"))
    assert not any("家" in q for q in template_queries("2018年，许小川发行第二张专辑《盐湖与母亲》。", "许小川"))
    assert template_queries("季小舒的更多中文名是舟子(笔名)。", "季小舒") == ["你还有别的名字吗？"]
    assert not any("revealed to do" in q for q in template_queries(
        "In season three Sorcha Venn is revealed to be Aldric's poisoner.", "Sorcha Venn"))
    assert not any("through" in q for q in template_queries("Ingrid Tavern has mentored six graduates through to chartership.",
                                                             "Ingrid Tavern"))
    assert "What were you hired to do?" in template_queries("Ann Roe was hired to steal the crown.", "Ann Roe")
