"""Page shapes of batch T (subtitle files, Markdown notes, a forum thread's floors, a video site's comments, a
couple's "we"), each rule on text of its own."""
import tempfile
from pathlib import Path

from core.ingest import ingest
from core.notes import convert as convert_notes, looks_like_notes
from core.paths import Workspace
from core.queries import template_queries
from core.statements import extract_statements
from core.store import CharacterStore
from core.subtitles import looks_like_subtitles, subtitles_to_text

SRT_ZH = """1
00:00:01,000 --> 00:00:03,000
[片头音乐]

2
00:00:03,500 --> 00:00:06,000
（旁白）巷子口的修表摊
每天早上七点出摊

3
00:00:06,000 --> 00:00:09,000
摊主叫岑立本
街坊都叫他岑师傅

4
00:00:10,000 --> 00:00:13,000
我叫岑立本，湖州人
一九六〇年生的

5
00:00:13,500 --> 00:00:15,000
问：您跟谁学的手艺？

6
00:00:15,200 --> 00:00:18,000
跟我舅舅学的
那年我十六岁

7
00:00:19,000 --> 00:00:22,000
岑小梅（女儿）：我小时候
就在摊子边上写作业

8
00:00:22,000 --> 00:00:25,000
我爸一坐就是一整天

9
00:00:26,000 --> 00:00:29,000
（旁白）二〇一八年，岑立本被评为
湖州市非遗传承人
"""


def _statements(name: str, file_name: str, text: str) -> list[str]:
    store = CharacterStore(Workspace(Path(tempfile.mkdtemp())), name)
    ingest(store, [(file_name, text.encode("utf-8"))])
    extract_statements(store)
    return [s["text"] for s in store.statements()]


def test_subtitles_are_the_words_spoken_and_another_speakers_turn_is_left_out():
    assert looks_like_subtitles(SRT_ZH) and not looks_like_subtitles("岑立本是湖州人。")
    text = subtitles_to_text(SRT_ZH, ["岑立本", "岑师傅"])
    assert "00:00" not in text and "片头音乐" not in text and "问：" not in text
    assert "岑小梅" not in text and "写作业" not in text and "我爸" not in text  # her turn, up to the next label
    assert "被评为湖州市非遗传承人" in text  # a cue that stops on "为" goes on into the next
    assert "跟我舅舅学的" in text  # the answer after a question is the character's


def test_a_subtitle_file_gives_the_characters_facts_and_never_a_daughters_words_as_his():
    found = _statements("岑立本", "修表人.srt", SRT_ZH)
    assert any("一九六〇年" in s for s in found), found
    assert not any("写作业" in s or "岑立本的爸" in s for s in found), found


def test_a_webvtt_file_is_read_too():
    vtt = "WEBVTT\n\n00:01.000 --> 00:03.000\nI was born in Hull.\n\n00:04.000 --> 00:06.000 align:start\nQ: And then?\n\n" \
          "00:06.500 --> 00:08.000\nThen I went to sea.\n"
    text = subtitles_to_text(vtt, ["Ada Quill"])
    assert "I was born in Hull." in text and "Then I went to sea." in text and "And then" not in text


NOTE = """---
tags:
  - npc
aliases:
  - Wren
  - The Lamp Warden
created: 2024-01-02
---
# Wren Halloway

![[wren.png|200]]

> [!info] Quick facts
> | | |
> |---|---|
> | **Born** | 1190, [[Lower Town\\|the Sumps]] |
> | **Occupation** | Keeper of the [[North Light]] |

Wren Halloway keeps the [[North Light|lighthouse]] on [[Gull Rock]]. %% check the year %%
"""


def test_a_markdown_note_gives_its_aliases_fields_and_link_labels():
    assert looks_like_notes(NOTE) and not looks_like_notes("Wren keeps a light [[sic]].")
    text, aliases = convert_notes(NOTE)
    assert aliases == ["Wren", "The Lamp Warden"]
    assert "Born: 1190, the Sumps" in text and "Occupation: Keeper of the North Light" in text
    assert "keeps the lighthouse on Gull Rock." in text and "[[" not in text and "%%" not in text and "wren.png" not in text
    assert "created" not in text and "tags" not in text


def test_a_forum_threads_replies_by_floor_are_no_facts_of_the_ancestor():
    page = ("滕氏宗亲网 » 宗亲论坛 » 族谱资料区 » 湖州岑氏\n查看: 1387|回复: 12\n\n十三世\n"
            "岑立本，字守成，号竹溪，生于乾隆二十三年。\n\n沙发\n发表于 2019-3-15 08:22:10 | 只看该作者\n"
            "宗亲辛苦了！白舍那座石桥我小时候天天走，原来有这么个来历。\n\n5#\n发表于 2019-3-20 22:17:03 | 只看该作者\n"
            "我家老谱上也记着这一支。\n")
    found = _statements("岑立本", "族谱.txt", page)
    assert any("竹溪" in s for s in found), found
    assert not any("石桥" in s or "老谱" in s or "宗亲网" in s or "查看" in s for s in found), found


def test_a_video_sites_comments_stay_comments_past_their_pinned_line_and_likes():
    page = ("About\nI'm Ada Quill and I turn bowls in a shed in Hexham.\nI started the channel in 2014.\n\n"
            "1,842 Comments\nSort by\n\nPinned by @adaquill\n@adaquill 3 weeks ago\nRaffle closes Friday!\n612\nReply\n"
            "5 replies\n\n@woodfan 2 weeks ago\nI still have the gouge she sharpened for me and I'm scared to use it.\n")
    found = _statements("Ada Quill", "channel.txt", page)
    assert any("Hexham" in s for s in found), found
    assert not any("gouge" in s for s in found), found


def test_a_couples_we_is_not_one_fact_of_hers():
    page = ("Our Story\nI'm Ada Quill. I grew up in Hull.\nWe met at a quiz night in 2019 and we were on rival teams.\n"
            "I work as a nurse at the Royal Infirmary.\n")
    found = _statements("Ada Quill", "wedding.txt", page)
    assert any("Hull" in s for s in found) and not any(s.startswith("We ") for s in found), found


def test_a_year_question_only_when_the_years_deed_is_the_characters():
    assert not any("2012" in q for q in template_queries("岑立本2012年冬至，族人集资重立新碑。", "岑立本"))
    assert not any("2016" in q for q in template_queries("岑立本在村口，2016年清明笔者曾前往寻访。", "岑立本"))
    asked = template_queries("2008年，岑立本买了第一辆摩托车。", "岑立本")
    assert sum("2008" in q for q in asked) == 1, asked  # one year question, not two ways of the same


def test_no_question_about_half_a_name_cut_at_its_and():
    asked = template_queries("Ada Quill directs the Lupus and Pregnancy Clinic at Riverbend Hospital.", "Ada Quill")
    assert not any("the Pregnancy Clinic" in q or q.endswith("about Pregnancy Clinic?") for q in asked), asked


MEMORIAL = ("葛老师，一路走好——记我的初中数学老师\n\n"
            "3月11日傍晚，老同学在班级群里发了一条消息：“葛老师走了。”\n\n"
            "我愣在办公室里，半天没回过神来。\n\n"
            "这几天我一直在想，该为她写点什么。写得不好，葛老师大概又要拿红笔在旁边批一句：“再想一步。”\n\n"
            "葛慧贞1938年11月出生于浙江绍兴柯桥镇。1957年，她考入浙江师范学院数学系。\n\n"
            "我是1984年秋天进枫溪中学的，初一到初三都在葛老师的班上。\n\n"
            "我记得初二那年冬天，家里交不上学费。第三天晚上，葛老师走了六里山路到我家。\n\n"
            "1998年退休后，葛慧贞每个星期六下午在家里给孩子们补课。\n\n"
            "葛老师补课的那些年，我家两个小孩都去过。\n")


def test_a_students_memorial_is_no_first_person_page_of_the_teacher():
    found = _statements("葛慧贞", "追思.txt", MEMORIAL)
    assert any("浙江师范学院" in s for s in found) and any("补课" in s and "星期六" in s for s in found), found
    assert not any("愣在办公室" in s or "1984年秋天" in s or "学费" in s or "两个小孩" in s for s in found), found


def test_a_narrators_own_page_stays_hers_with_her_name_in_its_byline():
    page = ("重新认识一下！我是开面包店的柳小禾～\n\n柳小禾。杭州 · 面包店店主。\n\n我以前是做会计的，在事务所熬了三年。\n\n"
            "2022年春天，我的小店在杭州开张了。\n\n@小禾的烘焙小屋 作者：谢谢宝！\n")
    found = _statements("柳小禾", "小红书.txt", page)
    assert any("会计" in s for s in found) and any("开张" in s for s in found), found


def test_no_question_asks_after_an_award_left_out():
    asked = template_queries("In 2017 Ada Quill was awarded the British Empire Medal for services to the village.", "Ada Quill")
    assert "Have you ever been awarded?" not in asked, asked


def test_an_officials_dated_resume_lines_are_his_studies_and_posts():
    page = ("岑立本\n\n岑立本，男，汉族，1967年3月生，湖南衡阳人。\n\n简历\n\n"
            "1985.09—1989.07　湘潭大学化学系应用化学专业学习\n"
            "1989.07—1993.03　云陵市化肥厂合成车间技术员\n"
            "2021.11—　　　　　岚泽县人民政府县长\n")
    found = _statements("岑立本", "简历.txt", page)
    assert "岑立本1985年9月至1989年7月在湘潭大学化学系应用化学专业学习。" in found, found
    assert "岑立本1989年7月至1993年3月任云陵市化肥厂合成车间技术员。" in found, found
    assert "岑立本2021年11月起任岚泽县人民政府县长。" in found, found
