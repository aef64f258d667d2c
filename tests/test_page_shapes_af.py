"""Stop 29's rules from batch AF, read after its held-out measurement (a church's "Meet Our Pastor" page with a prayer
wall, an itch.io developer's page with devlogs and comments, a county heritage centre's page on a woodcarver, a 淘宝
shop with the owner's own story and buyers' reviews): each checked on text of its own."""
from core.aliases import find_aliases
from core.comment_floors import comment_floors
from core.extractbench import offline_extraction
from core.ingest import split_sentences
from core.listed_zh import honour_line, work_line
from core.pagemarks import BUTTON_LINE
from core.pagetext import without_menu_runs
from core.questions import natural_questions


def _statements(character: str, page: str) -> list[str]:
    return offline_extraction({"character": character, "file_name": "p.txt", "wiki": page})[0]


def test_a_shops_reviews_are_the_buyers_and_the_owners_answers_his():
    lines = ["t**8", "2024-03-11 颜色分类：本色 单只", "茶漏编得很密。", "追评：用了半年，颜色更好看了。", "掌柜回复：谢谢亲！记得晾干。",
             "有用(46)", "老***的", "2023-08-30 颜色分类：4片装", "颜色不太一样。", "掌柜回复：是同一批。", "追评：换了，老板人真好。"]
    assert comment_floors(lines) == [
        "t**8 回复于 2024-03-11", "茶漏编得很密。", "t**8 回复于 2024-03-11", "用了半年，颜色更好看了。",
        "掌柜 回复于 2024-03-11", "谢谢亲！记得晾干。", "有用(46)",
        "老***的 回复于 2023-08-30", "颜色不太一样。", "掌柜 回复于 2023-08-30", "是同一批。",
        "老***的 回复于 2023-08-30", "换了，老板人真好。"]  # the buyer's later word is the buyer's, after the shop's too
    page = ("掌柜说\n大家好，我叫林守拙，我编竹篮十二年了。我最喜欢编茶漏。\n\n宝贝评价\nj***n\n2023-12-19 颜色分类：品茗杯\n"
            "送给我爸的生日礼物，老爷子拿着放大镜看了半天。\n掌柜回复：收口那一圈最难，是我手艺还不到家。\n有用(88)\n")
    statements = _statements("林守拙", page)
    assert not any("放大镜" in s for s in statements), statements  # the buyer's father, not his
    assert any("手艺还不到家" in s and "林守拙" in s for s in statements), statements


def test_a_shops_menu_one_label_a_line_and_its_buttons_are_no_facts():
    menu = ["进入店铺", "首页", "所有宝贝", "竹编茶器", "竹编收纳", "定制专区", "掌柜说"]
    assert without_menu_runs(menu + ["我家在青神县南城镇，屋后头就是一大片慈竹林。"]) == ["我家在青神县南城镇，屋后头就是一大片慈竹林。"]
    assert without_menu_runs(["掌柜说", "我叫林守拙。"]) == ["掌柜说", "我叫林守拙。"]  # one heading is no menu
    for line in ("亲，请登录 免费注册 手机逛淘宝", "进入店铺", "收藏店铺", "进店看看", "相似店铺", "有用(46)", "【我要纠错】【收藏】",
                 "【打印本页】【关闭窗口】"):
        assert BUTTON_LINE.fullmatch(line), line
    assert not BUTTON_LINE.fullmatch("【定制说明】定制单目前排期约25天")


def test_a_shop_owners_profile_fields():
    page = "掌柜档案\n掌柜：青神老骆\n真名：林守拙\n出生：1986年\n师承：舅舅 王德全（竹编老艺人）\n客服旺旺：竹里舍-小丽\n保证金：已缴纳 ¥1,000.00\n"
    statements = _statements("林守拙", page)
    assert "林守拙的掌柜昵称是青神老骆。" in statements and "林守拙出生于1986年。" in statements, statements
    assert any(s.startswith("林守拙师承舅舅") for s in statements), statements
    assert not any("小丽" in s or "保证金" in s for s in statements), statements
    assert "青神老骆" in find_aliases([page], "林守拙")


def test_a_government_pages_footer_and_date_line_are_no_facts():
    page = ("今天是：2023年6月12日 星期一\n县级代表性传承人——林守拙\n林守拙，男，1952年生，县级代表性传承人。\n"
            "主办单位：汶溪县文化馆\n开放时间：周二至周日 9:00—17:00\n网站标识码：4313260012\n附件：申报文本.pdf（2.3MB）\n")
    statements = _statements("林守拙", page)
    assert not any(w in s for s in statements for w in ("今天", "主办", "开放时间", "标识码", "附件")), statements


def test_a_craftsmans_works_and_honours_under_their_numbered_headings():
    assert work_line("1.《百鸟朝凤》四扇屏风（1998年，高1.8米，现藏县博物馆）", "林守拙") == "林守拙1998年创作了《百鸟朝凤》四扇屏风。"
    assert work_line("《汶溪十景》系列浮雕（2012—2015年，共十件）", "林守拙") == "林守拙2012—2015年创作了《汶溪十景》系列浮雕。"
    assert work_line("以一整株老皂角剖料。", "林守拙") is None
    assert honour_line("2011年 作品《穆桂英挂帅》获市工艺美术展金奖", "林守拙") == "2011年，林守拙的作品《穆桂英挂帅》获市工艺美术展金奖。"
    assert honour_line("2019年 获评首届“汶溪工匠”称号", "林守拙") == "2019年，林守拙获评首届“汶溪工匠”称号。"
    page = ("林守拙，男，1952年生，木雕艺人。\n四、代表作品\n1.《百鸟朝凤》四扇屏风（1998年，现藏县博物馆）\n以一整株老皂角剖料，是他用时最长的作品。\n"
            "2.《穆桂英挂帅》镂空挂屏（2006年）\n取材于地方花鼓戏。\n五、所获荣誉\n2011年 作品《穆桂英挂帅》获市工艺美术展金奖\n"
            "2019年 获评首届“汶溪工匠”称号\n")
    statements = _statements("林守拙", page)
    for fact in ("林守拙2006年创作了《穆桂英挂帅》镂空挂屏。", "2011年，林守拙的作品《穆桂英挂帅》获市工艺美术展金奖。"):
        assert fact in statements, statements


def test_an_oral_history_quoted_over_paragraphs_is_cut_into_its_sentences():
    text = "“我十四岁跟我爹学手艺，头一年啥也不让刻，就是磨刀。" + "我爹讲，刀不快，皂角木就欺负你。" * 12 + "熏蜡那个法子是我自己琢磨出来的。”"
    sentences = split_sentences(text)
    assert sentences[0] == "我十四岁跟我爹学手艺，头一年啥也不让刻，就是磨刀。" and len(sentences) == 14, sentences
    assert split_sentences("他说：“我来了。你们好。”然后走了。") == ["他说：“我来了。你们好。”", "然后走了。"]  # speech stays whole


def test_comments_under_a_devlog_are_their_writers_and_the_developers_replies_hers():
    lines = ["Kerrbear · 1 day ago", "omg I'm famous.", "Reply", "   thornbox · Developer · 1 day ago", "   You are famous!",
             "Marlys K. · 2 days ago", "↳ Pastor Nate Brodersen · 3 weeks ago"]
    assert comment_floors(lines) == ["posted by Kerrbear", "omg I'm famous.", "Reply", "posted by Developer", "   You are famous!",
                                     "posted by Marlys_K.", "posted by Pastor_Nate_Brodersen"]
    page = ("Wren Halloway (wrenbox)\nhi! I'm Wren. I make small games about the sea. Before going full-time indie I spent six years "
            "doing QA at a mobile studio in Moncton, which is why I will find your bug.\n\n"
            "A personal bit\nThis update took longer than I said it would because I had surgery on my right wrist in October.\n\n"
            "Also, Pilchard survived the drive. He yelled for 4 hours straight.\n\n"
            "Comments\n\nsaltmarsh_sam · 1 day ago\nI have been playing since launch and I love the lighthouse.\nReply\n\n"
            "   wrenbox · Developer · 1 day ago\n   I'd love to port it, but porting is expensive and I'm one person.\n   Reply\n")
    statements = _statements("Wren Halloway", page)
    assert any("QA at a mobile studio in Moncton" in s and s.startswith("Before going full-time indie Wren Halloway") for s in statements), statements
    assert any(s.startswith("Wren Halloway had surgery on") for s in statements), statements  # the reason is hers
    assert not any("yelled" in s for s in statements), statements  # the cat did
    assert not any("since launch" in s for s in statements), statements  # the player's
    assert any("porting is expensive" in s for s in statements), statements  # her reply


def test_the_name_she_goes_by_on_her_own_page():
    assert "Jess" in find_aliases(["hi! I'm Jess. I make small games."], "Jessamy Thorne", narrated=True)
    assert "Jess" not in find_aliases(["hi! I'm Jess. I make small games."], "Jessamy Thorne")  # a writer's own name
    assert "thornbox" in find_aliases(["Jessamy Thorne (thornbox)\nI make games."], "Jessamy Thorne")


def test_no_question_about_a_promise_or_a_moments_feeling_or_a_things_name():
    assert not any(q.startswith("What will you") for q in natural_questions("Nathaniel Brodersen will buy the coffee.", "Nathaniel Brodersen"))
    assert "Would you say you are sorry?" not in natural_questions("Jessamy Thorne is sorry.", "Jessamy Thorne")
    assert "大家都怎么称呼你？" not in natural_questions("林守拙摸索出一种熏蜡的方法，业内称之为“林氏熏蜡”。", "林守拙")
