"""Shapes from stop 21's held-out batch O (a Q&A site's first-person answer, a magazine profile's long
sentences, a married woman's surname shared by her husband). Each test is the general rule, on text of its own."""
from core.atomic_zh import split_zh
from core.clauses import split_long
from core.ingest import split_passages
from core.names import mentions, name_forms

ANSWER = """知乎
首页
\u200b搜索
登录/注册
在菜场卖鱼是一种怎样的体验？
\u200b关注者
2,031
温小棠
鱼摊摊主｜早起选手
\u200b关注她
1,208 人赞同了该回答
谢邀。先说背景：我叫温小棠，宁波人，93年的。2011年高中毕业，跟着我爸在菜场卖鱼。

带我的是隔壁摊的陈阿姨，大家都叫她芳姐。第一天我就把秤看错了，芳姐一把接过去，替我重新称了一遍。她说：“小棠，秤准了，人才会回来。”

我妈也不太满意，逢人就说她闺女吃不了这个苦。

说点开心的吧。2019年我盘下了自己的摊位。

就写这么多吧，我得去进货了。
编辑于 2025-01-04 08:17・IP 属地浙江
\u200b12 条评论
默认
最新
海边的猫
看到芳姐那段笑了
01-04 · 浙江
\u200b回复
\u200b23
鱼丸不加葱
我也在菜场卖过菜！！
01-05 · 江苏
\u200b回复
\u200b7
相关问题
在菜场卖菜赚钱吗？ 88 个回答
打开知乎App
"""


def test_a_qa_answer_in_the_first_person_keeps_the_narrators_facts_only(page_statements):
    found = page_statements("温小棠", ANSWER)
    assert "温小棠是宁波人，93年的。" in found, found
    assert any(s.startswith("温小棠2011年高中毕业") for s in found), found  # a schooling's end opens on its level
    assert any(s.startswith("第一天温小棠就把秤看错了") for s in found), found  # no name put before a scene
    assert "2019年温小棠盘下了自己的摊位。" in found, found  # "说点开心的吧。" is a remark on the telling
    # the mentor's words and her nickname are hers, the mother's saying the mother's; the comments are readers'
    assert not any(s.startswith(("温小棠说", "温小棠一把", "温小棠逢人")) or "说点" in s or "写这么多" in s for s in found), found
    assert not any("笑了" in s or "卖过菜" in s or "知乎" in s or "登录" in s or "关注" in s for s in found), found


def test_a_qa_sites_zero_width_spaces_and_comment_stamps_are_read():
    sections = [p.section for p in split_passages(ANSWER, "a.txt") if "笑了" in p.text or "卖过菜" in p.text]
    assert sections and all(s in ("评论", "回复", "12 条评论") for s in sections), sections


def test_a_surname_after_another_given_name_is_someone_elses():
    forms = name_forms("Adelaide Crane")
    assert not mentions("After Thomas Crane died in 1886, she performed alone.", forms)
    assert not mentions("She married Thomas H. Crane in 1870.", forms)
    assert mentions("After 1886 Crane performed alone.", forms)
    assert mentions("Mrs Crane performed alone.", forms)


def test_a_long_sentences_later_fact_keeps_its_own_time_and_no_joint_is_left_dangling():
    character = "Mara Quell"
    pieces = split_long("In 2015 Mara Quell published The Still Hour, a short book on tuning bells that has since been "
                        "translated into Welsh and Breton; in 2018 she was appointed MBE for services to bell founding; and "
                        "every May she goes back to Loughborough to teach a week-long casting course.", character)
    assert "In 2018 Mara Quell was appointed MBE for services to bell founding." in pieces, pieces
    assert "Every May Mara Quell goes back to Loughborough to teach a week-long casting course." in pieces, pieces
    pieces = split_long("In 1990 Mara Quell enrolled at the Whitechapel school of bell founding in London, graduating two "
                        "years later with the school's prize for tuning, and then, armed with a letter from one of her "
                        "tutors and almost no Dutch, she took the ferry to Asten, the town where the trade never stopped.",
                        character)
    assert not any(p.endswith(("and then.", "then.")) for p in pieces), pieces
    assert any(p.startswith("Armed with a letter") and "Mara Quell took the ferry" in p for p in pieces), pieces


def test_a_verb_after_a_shared_subject_keeps_the_and_of_the_verb_after_it():
    pieces = split_long("At nineteen Mara Quell went to Durham to read physics, lasted a little over a year, and left, to "
                        "her father's lasting dismay, after spending one wet afternoon watching a bell being recast in the "
                        "yard of a foundry near the cathedral.", "Mara Quell")
    assert "At nineteen, Mara Quell lasted a little over a year." in pieces, pieces
    assert not any(", left," in p for p in pieces), pieces


def test_a_complement_after_an_interjected_phrase_is_no_aside():
    statement = ("Mara Quell cast a tuned peal of eight bells that was bought by several cathedral chapters across the north, "
                 "and in 1998 became, according to contemporary trade accounts, the first woman to run a bell foundry.")
    assert all("the first woman to run a bell foundry" in p for p in split_long(statement, "Mara Quell") if "1998" in p)


def test_a_husbands_description_is_no_restated_event():
    pieces = split_long("Mara Quell worked for five years as a tuner in Leeds, and in 2003 she and her husband, Owen Pell, a "
                        "carpenter she had met at a folk festival in Ludlow, bought the derelict foundry at auction for what "
                        "she calls a song.", "Mara Quell")
    assert not any(p.endswith("Owen Pell.") or "met the carpenter" in p for p in pieces), pieces


def test_an_age_time_keeps_one_comma():
    pieces = split_zh("十三岁那年，经同乡举荐，温小棠进了城里的鱼行做学徒，从刮鳞、洗地做起，三年后升了伙计。", "温小棠", ["温小棠", "小棠"])
    assert not any("，，" in p for p in pieces), pieces


ENTRY = """温景和
清代学者
主要作品
播报
编辑
温景和一生著述颇丰。
《听松诗钞》十卷。其子温世安编刻。
《说文补疏》二卷。
史料索引
方某．温景和年谱．文献，2008（2）
词条统计
浏览次数：1876次
新手上路
我有疑问
意见反馈
"""


def test_an_entrys_works_list_and_footer(page_statements):
    found = page_statements("温景和", ENTRY)
    assert "温景和著有《听松诗钞》十卷。" in found and "温景和著有《说文补疏》二卷。" in found, found
    assert not any("疑问" in s or "．" in s or "浏览" in s for s in found), found


ABOUT = """About

Hello, and welcome! I'm Wren Calloway – Wren to almost everyone – a freelance cartographer working from Bristol.

My work is mostly coastal: harbour charts, tide tables, and the occasional treasure map for a wedding.

After college I spent two years (2009–2011) as a draughtsman at Harrow & Pole. I went freelance in 2012 and haven't looked back. My breakthrough was the Severn atlas (2016), which sold out twice.

Awards

2017 – Shortlisted, Ortelius Prize for Maritime Mapping, for the Severn atlas
2020 – Winner, Ortelius Prize for Maritime Mapping, for Lundy

Like this:
Like Loading...
Read more: Inside the last map shop in Bath
"""


def test_a_first_person_about_page_reads_as_a_person_would(page_statements):
    found = page_statements("Wren Calloway", ABOUT)
    assert "Wren Calloway is a freelance cartographer working from Bristol." in found, found
    assert any(s.startswith("Wren Calloway's work is mostly coastal: harbour charts") for s in found), found
    assert "Wren Calloway went freelance in 2012 and hasn't looked back." in found, found
    # a job's years and a book's year in brackets are no life dates
    assert not any(" was born " in s or " died " in s for s in found), found
    assert any(s.startswith("In 2017, Wren Calloway was shortlisted for the Ortelius Prize") for s in found), found
    assert any(s.startswith("In 2020, Wren Calloway won the Ortelius Prize") for s in found), found
    assert not any("Loading" in s or "Read more" in s or "map shop" in s for s in found), found


def test_questions_ask_about_whole_names_and_no_possessor():
    from core.questions import natural_questions

    asked = natural_questions("Mara Quell won Best Supporting Character at the 2023 Toonbox Fan Awards.", "Mara Quell")
    assert "Did you win Best Supporting Character?" in asked and not any(q.endswith("win Supporting Character?") for q in asked), asked
    asked = natural_questions("Mara Quell's real breakthrough was Eirún Bjarkadóttir's Glass Weather (2016).", "Mara Quell")
    assert "What was your real breakthrough?" in asked and not any(q.endswith("'s?") or q.startswith("Who") for q in asked), asked
    asked = natural_questions("Mara Quell runs the Nordic Noir reading group at Norwich Millennium Library.", "Mara Quell")
    assert not any("Nordic Noir?" in q for q in asked), asked
    asked = natural_questions("Mara Quell has a Red Bicycle.", "Mara Quell")
    assert "Do you have a Red Bicycle?" in asked, asked


def test_a_long_sentence_loses_asides_about_others_and_keeps_a_lists_last_item():
    character = "Mara Quell"
    pieces = split_long("Mara Quell was the second of three children of Gwilym Quell, a chapel organist who tuned pianos across "
                        "half of Ceredigion, and Menna Quell, who taught chemistry at the town's secondary school.", character)
    assert not any("chapel organist" in p for p in pieces), pieces  # her father shares her surname: his description goes
    pieces = split_long("Mara Quell casts no more than seven bells a year, each of them taking roughly 250 hours in the pit, "
                        "and the waiting list, which she keeps in a green school exercise book, now stretches to 2029, with "
                        "a new bell costing £32,000.", character)
    assert pieces == ["Mara Quell casts no more than seven bells a year, each of them taking roughly 250 hours in the pit."], pieces
    statement = ("Now Mara Quell has a tiny flat above a bakery, far too many knitted sweaters, and a jumping spider named "
                 "Biscuit who lives in a jar on her windowsill and is her best friend.")
    assert split_long(statement, character) == [statement]


def test_a_narrators_sentence_with_someone_elses_long_quote_is_still_hers():
    from core.first_person import is_first_person

    assert is_first_person("我躲在楼梯里哭了十几分钟，芳姐找过来，说“哭完了洗把脸，三号摊还等着你过秤”。")
    assert not is_first_person("芳姐说“我当年也是这么哭过来的，哭完了就好了”。")


def test_a_qa_threads_count_opens_the_thread_only_over_its_comments():
    from core.extractbench import first_person_sentences

    page = ("12 条评论\n分享\n\n" + "我在宁波的菜场卖了十二年鱼。我每天凌晨四点起床去码头进货。\n\n"
            "416 条评论\n海边的猫\n我也想去宁波的菜场看看你的鱼摊\n01-04 · 浙江\n回复\n")
    found = first_person_sentences(page, True)
    assert any("凌晨四点" in s for s in found) and not any("看看" in s for s in found), found


def test_a_narrators_he_after_two_relatives_is_the_one_of_his_gender():
    from core.antecedent import Antecedents

    read = Antecedents(["Wren Calloway", "Wren", "Calloway"])
    read("My mum, Margaret, taught French, and my dad, Alan, was a marine engineer on the Bergen ferries.")
    assert read("He brought me Norwegian comics every spring.").startswith("My dad Alan brought me")
    read("My mum, Margaret, taught French, and my aunt, Leen, kept bees.")
    assert read("She brought me honey every spring.") == "She brought me honey every spring."  # two of hers: no telling


def test_a_places_aside_goes_unless_its_clause_is_hers():
    character = "Mara Quell"
    pieces = split_long("Armed with a letter of introduction from one of her tutors and almost no Dutch, Mara Quell took the "
                        "ferry to Asten, the town where, as she puts it, \"the whole business started and never quite stopped.\"",
                        character)
    assert pieces == ["Armed with a letter of introduction from one of her tutors and almost no Dutch, Mara Quell took the "
                      "ferry to Asten."], pieces
    statement = ("Mara Quell then moved to the University of California, Berkeley, where she earned a doctorate in physics "
                 "in 1937 with a dissertation, supervised by Edwin R. Callow, on the tuning of bells.")
    assert not any(p.endswith("California on the tuning of bells.") for p in split_long(statement, character))


def test_no_question_on_a_verb_whose_object_was_an_amount_and_no_timeline_noun_read_as_a_verb(page_statements):
    from core.questions import natural_questions

    assert natural_questions("At the Gilded Lantern Circus, Mara Quell spent eight years as a juggler's assistant.", "Mara Quell") \
        == ["What can you tell me about the Gilded Lantern Circus?"]
    found = page_statements("Mara Quell", "Timeline\n\n1879 – Marries Jon Eld\n1888 – Collecting journey to Finnmark\n")
    assert any(s.startswith("In 1879, Mara Quell marries Jon Eld") for s in found), found
    assert not any("Mara Quell collecting" in s for s in found), found
    found = page_statements("顾晚棠", "顾晚棠\n关于其他同名人物，请见“顾晚棠（消歧义）”。\n顾晚棠是苏州人。\n")
    assert found == ["顾晚棠是苏州人。"], found
