"""Batches Y and Z's page shapes (a Reddit AMA, a 简书 memoir, a TV Tropes sheet, WikiTree and Find a Grave
profiles), each rule checked on text of its own."""
from core.extractbench import offline_extraction
from core.statements import passage_statements

AMA = """jump to content
I kept a lighthouse for 31 years. Ask me anything. (self.IAmA)
submitted 3 years ago * by AdaOnTheRock
Hi Reddit. My name is Ada Quill, I'm 68, and from 1988 to 2019 I was a lightkeeper on the north coast.
I read a lot and I knit all my own socks.
[–]tidepoolgremlin 1.1k points 3 years ago
How did you deal with the loneliness? I go stir crazy after a long weekend inside.
permalink
reply
[–]AdaOnTheRock[S] 912 points 3 years ago
Honestly I was never lonely. I had my wife and the kids.
[–]GeorgeTheLesser 40 points 3 years ago
I grew up in Leeds myself. Any regrets?
"""


def _page(character: str, text: str, name: str = "page.txt") -> tuple[list[str], list[str]]:
    return offline_extraction({"character": character, "file_name": name, "wiki": text})


def test_a_threads_posts_under_the_characters_handle_are_theirs_and_the_others_are_not():
    statements, aliases = _page("Ada Quill", AMA)
    assert "AdaOnTheRock" in aliases
    assert any(s.startswith("Ada Quill is 68") and "Ada Quill was a lightkeeper" in s for s in statements)
    assert "Ada Quill was never lonely." in statements
    assert not any("stir crazy" in s or "Leeds" in s for s in statements)  # the askers' own stories


def test_a_self_introduction_goes_on_to_what_it_says():
    assert passage_statements("My name is Ada Quill, I'm 68, and I live in Comox.", "Ada Quill", narrated=True) == [
        "Ada Quill is 68, and Ada Quill lives in Comox."]


JIANSHU = """开了三十八年火车，我想把这些事写下来

我叫栾某，1958年生人。2018年6月我从苏家屯机务段退休，从司炉干起，到副司机、司机，前前后后在机车上待了三十八年。

五、从“前进”到“东风”

1992年，段里的蒸汽机车陆续停了，我去大连机车厂培训了三个月。

小礼物走一走，来简书关注我

全部评论31只看作者
按时间倒序
按时间正序

铁道兵后人
2楼 2024.03.17 11:02
看哭了。我爸也是前进型的司炉，烧了十几年煤，腰一直不好。
86赞
回复

推荐阅读更多精彩内容
我父亲的三十年养路生涯
父亲是个普普通通的养路工人，一辈子没离开过那段线路。小时候，我最怕下雨的夜里……
山间听雨 阅读 2,318 评论 14 赞 96
"""


def test_a_blog_platforms_comments_read_next_list_and_boxes_are_not_the_narrators():
    statements, _ = _page("栾某", JIANSHU)
    assert "栾某去大连机车厂培训了三个月。" in statements or any("大连机车厂" in s for s in statements)
    assert not any("看哭了" in s or "腰一直不好" in s or "养路" in s or "简书" in s for s in statements)
    assert not any("前进" in s and "东风" in s for s in statements)  # "五、从“前进”到“东风”" is a heading


def test_a_career_looked_back_on_from_its_end_is_not_dated_at_it():
    from core.atomic import split_atomic
    pieces = split_atomic("2018年6月栾某从苏家屯机务段退休，从司炉干起，到副司机、司机，前前后后在机车上待了三十八年。", "栾某")
    assert "栾某从司炉干起。" in pieces
    begun = split_atomic("十三岁那年，经同乡举荐，栾某进了钱庄做学徒，从扫地、倒夜壶做起，三年里把旧账翻了个遍。", "栾某")
    assert any(p.startswith("十三岁那年") and "扫地" in p for p in begun)


def test_a_word_count_is_no_courtesy_name():
    from core.aliases import find_aliases
    assert find_aliases(["老栾开火车\n字数 2,716\n阅读 13,062"], "栾某") == []
    assert "子渊" in find_aliases(["沈某，字子渊，号青溪居士。"], "沈某")


TROPES = """Battalion Chief Ada "Pet" Quill
Amazon Chaser: Averted. She genuinely can't stand liaison Gil Sandoval for most of Season 1.
Fatal Flaw: Pride. She would rather limp a mile than ask for the UTV.
Jerk with a Heart of Gold: Screams at Eli for breaking formation, then sits up all night with him at the hospital.
It's Personal: With the Matchbook Man, who set the fire that killed her mentor.
Married to the Job: The stated reason for her 2012 divorce.
Parents as People: Her relationship with her daughter Cassidy was strained for years.
Bad Liar: Hopeless at it. Priya handles every call because his voice goes up whenever he lies.
Caffeine Addict: Black coffee, always.

Captain Theodore "Theo" Marchetti
Rank Up: Becomes Battalion Chief when Pet moves up.
Surrogate Family: Station 9. He calls her "Chief" to her face.
"""


def test_a_trope_sheets_labels_are_tropes_never_people_and_other_characters_entries_are_theirs():
    statements, _ = _page("Ada Quill", TROPES)
    assert "Ada Quill would rather limp a mile than ask for the UTV." in statements
    assert "Ada Quill genuinely can't stand liaison Gil Sandoval for most of Season 1." in statements
    assert any(s.startswith("Ada Quill screams at Eli") for s in statements)
    assert not any("Averted" in s or "Priya" in s or "Matchbook" in s or "Black coffee" in s for s in statements)
    assert not any("Rank" in s or "Station 9" in s for s in statements)  # Theo's entry


GENEALOGY = """Hannah (Pettigrew) Quill
Born about 1834 in Castle Acre, Norfolk, England
Daughter of William Pettigrew and Mary (Bunting) Pettigrew
Wife of Samuel Ashby — married 9 Oct 1853 in Castle Acre, Norfolk, England
Died 3 Mar 1901 in King's Lynn, Norfolk, England
Problems/Questions Profile manager: Carol Whitmore private message

1881 Census, King's Lynn
Name\tRelation\tCond.\tAge\tOccupation
Thomas Quill\tHead\tMar\t53\tCarter
Hannah Quill\tWife\tMar\t47\tLaundress
"""


def test_a_genealogy_profiles_lines_under_the_name_are_hers_and_its_tables_are_no_prose():
    statements, _ = _page("Hannah Quill", GENEALOGY)
    assert "Hannah Quill was born about 1834 in Castle Acre, Norfolk, England." in statements
    assert "Hannah Quill was the daughter of William Pettigrew and Mary (Bunting) Pettigrew." in statements
    assert "Hannah Quill died 3 Mar 1901 in King's Lynn, Norfolk, England." in statements
    assert not any("Laundress" in s or "Carol Whitmore" in s for s in statements)
    # a sentence that goes on with its own subject is no line of a profile
    assert not any(s.startswith("Isolde Marrowby was born") for s in passage_statements(
        "Born on a barge, Isolde spent thirty years at sea.", "Isolde Marrowby"))


def test_a_memorial_by_her_child_calls_her_mom():
    from core.aliases import family_names
    texts = ["Verna was born in 1927. Mom played the organ at Trinity for 38 years.", "Mom and Dad farmed for 43 years."]
    assert family_names(texts, "f") == ["Mom"]
    assert family_names(texts, "m") == ["Dad"] or family_names(texts, "m") == []
    assert family_names(['"Mom always said so," she recalled. My Mom was a nurse.'], "f") == []


def test_questions_from_batch_zs_read():
    from core.queries import template_queries
    asked = template_queries("栾某小时候最大的愿望就是上火车头。", "栾某")
    assert "你将来有什么打算？" not in asked


DOCTOR = """个人简介
纪某，主任医师，教授。我从事消化内科临床工作二十余年。

患者评价
患者：浙（2024-11-03）
疾病：克罗恩病
我女儿16岁，反复腹痛一年多，纪医生讲了快二十分钟。另外号太难挂了，提前一周放号。
有用(86) 回复 举报
患者：周（2023-07-15）
轮到我的时候他没有一点不耐烦，问得特别细。
有用(52) 回复 举报
"""


def test_a_doctors_page_patients_reviews_are_theirs_and_an_appointment_is_no_nickname():
    statements, aliases = _page("纪某", DOCTOR)
    assert "纪某从事消化内科临床工作二十余年。" in statements
    assert not any("女儿" in s or "疾病" in s or "不耐烦" in s or "患者" in s for s in statements)
    assert aliases == []


ENTRY = """祝某
性格
播报
编辑
嘴硬心软，急脾气，说话不拐弯。嗜甜，最爱糖炒栗子。
人物经历
播报
编辑
途中祝某在小岛停留三月，终于学会了游泳（第7集），该集被观众称为“全剧最感人的一集”。
回忆起那段日子，祝某说：“那三个月我天天泡在海里。后来就不怕水了。”
"""


def test_an_encyclopedias_buttons_are_no_heading_and_its_character_section_describes_her():
    statements, aliases = _page("祝某", ENTRY)
    assert "祝某嘴硬心软。" in statements and any(s.startswith("祝某嗜甜") for s in statements)
    assert "全剧最感人的一集" not in aliases  # the episode's name
    quoted = [s for s in statements if "后来就不怕水了" in s]
    assert quoted and quoted[0].endswith("。”")  # no "。”。"


def test_a_sites_reply_and_likes_line_keeps_the_comment_thread_going():
    from core.pagemarks import COMMENT_CHROME
    assert COMMENT_CHROME.match("回复  赞 1240") and COMMENT_CHROME.match("有用(86) 回复 举报")


def test_a_saying_without_what_was_said_and_a_wikis_banners_are_no_statements():
    from core.statements import atomic_records
    assert atomic_records("叶守根说。", "p", "offline", "叶守根") == []
    assert passage_statements("ACCEPT  REJECT  SHOW PURPOSES English Ada Quill Talk (7) This article contains major "
                              "spoilers for Act II.", "Ada Quill") == []


def test_questions_from_the_stop_25_reads():
    from core.queries import template_queries
    assert "你是做什么工作的？" not in template_queries("祁某的父亲祁廷栋早年经营盐业，后捐得候补知县。", "祁某")
    assert "你家里都有哪些人？" not in template_queries("许某的作品多以西北小城、铁路和家人为题材。", "许某")
    assert "Who are your friends?" not in template_queries("Ada Quill is a recruitable companion in Hollowmere.", "Ada Quill")


PODCAST = """TRANSCRIPT

Ada Quill  00:00
The first thing they should teach you is that you don't deliver babies.

Priya Ellingham  01:12
Welcome to the show. I'm Priya Ellingham and I grew up in Leeds. Ada, welcome.

Ada Quill  02:44
My dad was a welder at the shipyard. I was Ada Rourke then. I cried every night for a month in the nurses' home.

Ratings & Reviews
Write a review

★★★★★ Nurse Quill!!
JCapstick82 · 17/03/2024
Nurse Quill caught my dad up Horton way in 1985. My nan still talks about her.
Helpful (27) · Reply
"""


def test_a_transcripts_speaker_lines_say_whose_words_follow_and_its_reviews_are_the_listeners():
    statements, _ = _page("Ada Quill", PODCAST)
    assert "Ada Quill's dad was a welder at the shipyard." in statements
    assert "Ada Quill cried every night for a month in the nurses' home." in statements
    assert not any("Leeds" in s or "Horton" in s or "nan" in s for s in statements)


def test_a_nickname_word_without_its_name_names_nothing():
    from core.aliases import find_aliases
    assert find_aliases(["他们给邬某起了个外号。这个外号跟了邬某四十年。"], "邬某") == []
    assert "小邬" in find_aliases(["邬某，1965年生，人称小邬。"], "邬某")


def test_an_audio_sites_episode_list_and_a_book_sites_listing_and_quotes_are_chrome():
    assert passage_statements("上一集：第36集｜站台上卖鸡蛋的阿婆", "韦某", narrated=True) == []
    assert passage_statements("5　绿皮车上三十二年 第186集｜最后一趟车　播放 41.9万　27:48　2023-08-19", "韦某") == []
    assert passage_statements("Gooseberry Falls: Stories by Ada Quill 3.64 avg rating — 388 ratings — published 2009", "Ada Quill") == []
    assert passage_statements("“A ship is just a town that has agreed to leave.” ― Ada Quill, What the Ore Boats Knew", "Ada Quill") == []


def test_a_reply_and_likes_line_with_a_dot_keeps_the_thread_going():
    from core.pagemarks import COMMENT_CHROME
    assert COMMENT_CHROME.match("回复 · 赞 1,204")


def test_questions_from_batch_aas_read():
    from core.queries import template_queries
    from core.questions import natural_questions
    assert "Were you a 2016 fellow?" not in natural_questions("Ada Quill was a 2016 fellow at the Ridgeway Colony.", "Ada Quill")
    assert "你在哪里工作？" not in template_queries("段里的人都说，韦某那时候春运不是上班，是打仗。", "韦某")
    assert "你擅长什么？" not in template_queries("林某不擅长数学。", "林某")
    assert "你在哪里工作？" in template_queries("韦某在柳州客运段上班。", "韦某")
