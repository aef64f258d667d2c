"""Stop 29's rules from batch AG, read after its measurement on arrival (a Patreon creator's page with tiers, posts and
members' comments, a real-estate agent's profile with client reviews, a LOFTER writer's original-character settings
post, a county health bureau's page on a village doctor): each checked on text of its own."""
from core.extractbench import offline_extraction
from core.fields import field_sentences
from core.first_person import third_person
from core.listed_zh import age_line
from core.queries import template_queries


def _statements(character: str, page: str) -> list[str]:
    return offline_extraction({"character": character, "file_name": "p.txt", "wiki": page})[0]


PATREON = """Wren Ashby
creating pressed-flower field guides
Join
Follow
418 members

About Wren Ashby
Hello, I'm Wren. I paint the plants nobody stops for. I grew up on a dairy farm outside Clun and went on to study botany at Aberystwyth.

Recent posts
Public
Why I won't sell the originals (for now)
Feb 17, 2025
I keep every plate for at least a year because I go back to them when I paint the same plant again.
♥ 88
31 comments
Share

Locked
Spring Guide 2025: Margins and Gateways (full PDF)
Mar 1, 2025
Unlock with Hedge Layer
Join now

Comments
Marguerite Sill
Bought the Winter guide for my dad who was a hedger in Herefordshire for forty years.
♥ 14
Reply
Wren Ashby
Creator
Marguerite, that has made my week.
♥ 6
Reply

Jonty Weaver
Is the Apprentice tier OK for total beginners? I can't draw at all and I live in Leeds.
♥ 3
Reply
Wren Ashby
Creator
Yes! I taught myself to paint at 34, so honestly it's never too late.
♥ 9
Reply
"""


def test_a_creator_pages_posts_members_comments_and_the_creators_replies():
    statements = _statements("Wren Ashby", PATREON)
    assert any(s.startswith("Wren Ashby keeps every plate for at least a year") for s in statements), statements
    assert not any("hedger" in s or "Leeds" in s for s in statements), statements  # the members' own
    assert any("taught" in s and "34" in s for s in statements), statements  # her reply, under "Creator"
    assert not any("Why" in s or "Spring Guide" in s or "Join" in s or "Unlock" in s for s in statements), statements  # titles, buttons


def test_a_quotation_signed_by_her_is_hers_and_her_profiles_lists():
    page = ("About Grace Montel\nGrace Montel joined Puget Crest Realty in 2016.\n\n"
            "\"My parents bought their first house in Wapato when I was eleven. Nobody should sign a check without understanding "
            "every line.\" — Grace\n\nSpecialties\nBuyer's Agent\nRelocation\nCondos\n\nLanguages\nEnglish, Spanish\n\n"
            "Mobile: (253) 555-0147\n\nTeam\nGrace Montel works with:\nNoemi Ruelas, Transaction Coordinator\nContact\n\n"
            "★★★★★\n03/02/2025 - Kaylee and Marcus T.\nBought a condo in University Place\nWe closed from a hotel room in "
            "Fort Bliss. Our lender was slow.\nHelpful (4)\nReport\n")
    statements = _statements("Grace Montel", page)
    assert any(s.startswith("Grace Montel's parents bought their first house in Wapato") for s in statements), statements
    assert "Grace Montel speaks English and Spanish." in statements, statements
    assert any(s.startswith("Grace Montel's specialties") and "Relocation" in s for s in statements), statements
    assert "Grace Montel works with Noemi Ruelas, Transaction Coordinator." in statements, statements
    assert not any("555" in s or "Fort Bliss" in s or "lender" in s for s in statements), statements


def test_a_relations_list_with_its_preposition_and_a_timeline_of_ages():
    found = field_sentences("与温叙白", "师父，也是半个父亲。殷照野这辈子唯一叫过“爹”的人（喝醉的时候）。", "殷照野", ["殷照野", "照野"])
    assert found == ["殷照野的师父是温叙白。", "温叙白是殷照野这辈子唯一叫过“爹”的人（喝醉的时候）。"], found
    assert age_line("8岁\u3000\u3000离开舅舅家，流落码头。", "殷照野") == "殷照野8岁时离开舅舅家，流落码头。"
    assert age_line("14岁\u3000练刀时划伤左眉尾", "殷照野") == "殷照野14岁练刀时划伤左眉尾。"
    assert age_line("0岁\u3000生于临川府乡下", "殷照野") == "殷照野生于临川府乡下。"
    assert age_line("八岁那年他离开了家。", "殷照野") is None
    page = ("■ 角色自述\n\n“我这人没什么好说的。偷过东西，骗过人，叛过师门。不过我答应过的事，从来没赖过。”\n\n"
            "■ 年表\n\n5岁\u3000\u3000父亲翻船身亡\n8岁\u3000\u3000离开舅舅家，流落码头\n10岁\u3000 拜入温叙白门下\n")
    statements = _statements("殷照野", page)
    assert any(s.startswith("殷照野偷过东西") for s in statements), statements  # a character sheet's 自述, in her quotes
    assert "殷照野8岁时离开舅舅家，流落码头。" in statements, statements


def test_an_institutions_we_is_no_narrator():
    assert third_person("2023年，我县组织开展了推选活动，我也报了名。", "向德贵", ["向德贵"]) == "2023年，我县组织开展了推选活动，向德贵也报了名。"
    assert third_person("我省吃俭用买了药箱。", "向德贵", ["向德贵"]) == "向德贵省吃俭用买了药箱。"  # 省 the verb
    page = "今年58岁的向德贵，是岩板村卫生室的乡村医生。\n\n附件：\n1.最美乡村医生推荐名单.pdf\n2.向德贵同志先进事迹推荐表.docx\n\n昵称： 验证码：\n"
    statements = _statements("向德贵", page)
    assert not any("docx" in s or "pdf" in s or "验证码" in s for s in statements), statements


def test_questions_about_a_way_home_a_poor_familys_fee_or_a_described_child():
    assert "Tell me about your home." not in template_queries("Thea Lindgrove was the child who came home with seed heads.", "Thea Lindgrove")
    assert "Were you the child?" not in template_queries("Thea Lindgrove was the child who came home with seed heads.", "Thea Lindgrove")
    assert "Were you a nurse?" in template_queries("Thea Lindgrove was a nurse.", "Thea Lindgrove")
    assert "你家里都有哪些人？" not in template_queries("对家庭困难的患者，向德贵常常少收甚至不收诊疗费。", "向德贵")
    assert "Where do you live?" in template_queries("Thea Lindgrove lives at home with her mother.", "Thea Lindgrove")


def test_a_profiles_name_over_its_tagline_says_what_she_is_doing():
    from core.spoken import tagline

    forms = ["Thea Lindgrove", "Thea"]
    assert tagline("Thea Lindgrove creating watercolour field guides to hedgerows.", forms) == \
        "Thea Lindgrove is creating watercolour field guides to hedgerows."
    assert tagline("Thea Lindgrove creating the guides was a hit.", forms) == "Thea Lindgrove creating the guides was a hit."


def test_no_question_about_where_someone_else_lives_an_abacus_or_a_particle():
    assert not {"你住在哪里？", "能说说你的家吗？"} & set(template_queries(
        "73岁的高血压患者王翠英住在离卫生室最远的十一组，她说：“德贵医生每个月都来给我量血压。”", "向德贵"))
    assert "你住在哪里？" not in template_queries("2020年疫情期间，向德贵连续40多天吃住在卫生室。", "向德贵")
    assert "你住在哪里？" in template_queries("向德贵一家住在岩板村。", "向德贵")
    assert "你将来有什么打算？" not in template_queries("殷照野教她认字和打算盘，嘴上嫌她烦。", "殷照野")
    assert not any("记着呢" in q for q in template_queries("殷照野记着呢。", "殷照野"))
    assert template_queries("Graciela Montfort speaks English and Spanish.", "Graciela Montfort") == ["What languages do you speak?"]


def test_batch_ah_query_read_no_count_of_one_year_no_saying_no_thanks_an_award_and_no_unliking():
    assert not any("多少" in q for q in template_queries("詹礼舟有一年夏天停了两天，一库的货全化了。", "詹礼舟"))
    assert "Is there something you often say?" not in template_queries(
        'Bernadette Szalai says playing the clueless Violet Bradman required "absolutely no research."', "Bernadette Szalai")
    assert "Is there something you often say?" in template_queries('Ruth Pike says "measure twice, cut once."', "Ruth Pike")
    assert "Do you send love?" not in template_queries("Bernadette Szalai sends love to her husband Walt.", "Bernadette Szalai")
    found = template_queries("Bernadette Szalai earned the 2019 KCTC award for Outstanding Supporting Performance.", "Bernadette Szalai")
    assert "What awards have you won?" in found and "What did you earn?" not in found, found
    assert not any("喜欢" in q for q in template_queries("詹礼舟不太喜欢一上来就讲大模型。", "詹礼舟"))


def test_a_comment_counter_in_a_wikis_header_makes_no_thread_of_the_page():
    # a fan wiki's header ("Comments (38)" over "Share") is no thread: the page's own headings after it are sections
    import json
    from pathlib import Path

    page = json.loads((Path(__file__).resolve().parent.parent / "assets/extract-bench/en_fandom_marisol_quent.json").read_text(encoding="utf-8"))
    statements = _statements(page["character"], page["wiki"])
    assert len(statements) > 20 and any("airship" in s.lower() for s in statements), statements
