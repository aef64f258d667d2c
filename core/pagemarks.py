"""What a browser copy carries besides the text: emoji, footnote marks, counters, a thread's marks, a table of
contents. core/ingest.py drops them or reads them as the page's shape."""
from __future__ import annotations

import re

# An emoji, as a post uses one for a bullet or a comma ("🐱 家里有一只橘猫", "做会计的📊 在事务所"); never ©, ® or ★,
# which say something.
EMOJI = r"[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200d]"
LEADING_EMOJI = re.compile(rf"^{EMOJI}+\s*")
COMMENT_BAR = re.compile(r"^\s*(?:最赞|最新|热门|精选|全部)(回应|评论|留言)(?:[\s\u3000]+\S+)+\s*$")
# "Comments (23)", "评论区（共 46 条）　👍 点赞 1.2k。": a comment thread's heading, its bracket a count and no sentence's end
# a profile's counters, a line each: "Following 214", "Followers 389", "1,614 Runs"
PROFILE_COUNTER = re.compile(r"(?i)(?:following|followers|subscribers|kudos|likes|posts|views|fans|friends|reviews|photos)\s+[\d,.]+[km]?|"
                             r"[\d,.]+[km]?\s+(?:following|followers|subscribers|kudos|likes|posts|views|fans|friends|reviews|photos)")
COUNTED_THREAD = re.compile(r"(?i)((?:comments?|replies|responses|words of (?:support|encouragement)|评论区?|回应|留言))\s*[(（](?:共\s*)?\d[\d,]*\s*条?[)）].*")
COUNTERS = re.compile(rf"(?:[\u2b00-\u2bff]|{EMOJI})+\s*[\d.,]+[KkMm万]?(?:\s+(?:[\u2b00-\u2bff]|{EMOJI})+\s*[\d.,]+[KkMm万]?)*")
# Characters a browser copy carries that no one sees: a zero-width space opens each of Zhihu's buttons ("\u200b回复").
INVISIBLE = re.compile("[\u200b\u200c\u200e\u200f\u2060\ufeff]")
THREAD_MARK = re.compile(rf"\s*(?:{EMOJI}\s*)?(?:/end\s*)?\(\d{{1,3}}/\d{{1,3}}\)\s*$|\s+/end\s*$")
# Footnote marks as wikis print them: [1], [12], [a], [note 3], [citation needed], [原注1], superscript ¹²;
# a transcript's [laughs] and [inaudible]; never a word in brackets.
# A page copied from a wiki's screen also carries its section links: "Early life[edit]", "生平[编辑]".
REFERENCE_MARK = re.compile(r"\[(?:\d{1,3}|[a-z]|note \d+|citation needed|clarification needed|原?注?\s*\d{1,3}|"
                            r"laughs|laughter|laughing|inaudible|pause|pauses|crosstalk|sighs|coughs|unclear|indistinct|"
                            r"edit \| edit source|edit|edit source|编辑|編輯|编辑源代码|編輯原始碼)\]|[〔［【]\d{1,3}[〕］】]|"
                             # a printed footnote's superscript number ('the order of it."¹'), never an area's "km²"
                            r"(?<=[^\sm\d¹²³⁴-⁹⁰])[¹²³⁴-⁹⁰]{1,3}(?=\s|$)")
CONTENTS = re.compile(r"^(?:(?:Contents|Table of contents|目录|目錄)\s*(?:\[(?:hide|show|隐藏|显示)\])?\s*\n(?:\s*\d+(?:\.\d+)*\.?\s+\S[^\n]*(?:\n|$))+|"
                      # a volume's own contents, its entries' names under their headings ("本卷目录" / "乡贤上：周廷鹤　刘文炯")
                      r"(?:本卷|本章|本册|本编|本篇)目[录錄]\s*\n(?:[^\n。！？]+(?:\n|$))+)$", re.I)
# An author-year citation in a scholar's prose ("(Hartigan 1998, p. 61; Bell 2004, p. 203)", "(see Moss-Whitcombe
# 2011, pp. 117–19)"): a source, not a fact, and its "pp." would end the sentence.
_SOURCE = r"(?:see |cf\. )?[A-Z][\w'’-]+(?: (?:and|&) [A-Z][\w'’-]+| et al\.)?,? (?:1[5-9]|20)\d\d[a-z]?" \
          r"(?:, (?:pp?|ch|chap|fol|ff)\. ?[\dxivlc]+(?:[–-]\d+)?)?"
CITATION = re.compile(rf"\s*\({_SOURCE}(?:; {_SOURCE})*\)|[,;] (?:see|cf\.) {_SOURCE}(?=\))")
# A comment thread's own buttons, printed as lines of their own ("Log in to comment", "Reply · Like 14", "Load more
# comments"): no heading of a new section, the thread goes on under them.
COMMENT_CHROME = re.compile(r"(?i)^(?:(?:log|sign) in to (?:leave a )?(?:comment|reply)|(?:leave|add|post|write) a (?:comment|reply)(?:\.{3}|…)?|"
                            r"pinned by .{1,40}|❤\s*by .{1,40}|show (?:more|less)|[\d.,]+\s*[KkMm]?|"  # a video site's thread, its likes
                            r"reply(?:\s*·\s*like(?:\s+\d+)?)?|like(?:\s*·\s*reply)?(?:\s+\d+)?|"
                            r"(?:load|show|view|see) (?:more|all|\d+) (?:comments|replies|flowers|tributes)|sort by:?.*|\d+ repl(?:y|ies)|"
                            r"(?:left|posted|written|added) by .{1,40} on .{4,24}|"
                            r"(?:回复\s*[·•]?\s*)?赞\s*[(（]?\d[\d,]*[)）]?(?:\s*(?:回复|回应))?|评论\s*\d+(?:\s+\S{2}){0,3}|(?:热门|最热|最新|按热度|按时间)(?:倒序|正序|排序)?(?:\s+(?:热门|最热|最新|按热度|按时间)(?:倒序|正序|排序)?)*|只看作者|发表评论.*|添加新评论|[★☆]{3,5}.*|helpful\s*\(\d+\).*|write a review|(?:load|show|see) more reviews|有用\s*[(（]\d+[)）].*|查看(?:更多|全部)评价.*|登录后.{0,8}|(?:展开|查看|加载)(?:更多|全部)(?:评论|回复)|回复\s*点赞\s*\d*)$")
# A listed article's line under its title in a "read next" list: "山间听雨 阅读 2,318 评论 14 赞 96", "Jo Lee · 6 min read"
LISTING_STATS = re.compile(r"(?:^|\s)阅读\s*[\d,.]+万?\s*评论\s*[\d,]+\s*赞\s*[\d,]+|(?i:\b\d{1,2}\s+min read\s*$)")
# A spoiler a wiki hides until clicked ("[SPOILER: he retires to Orkney]"): the words are the page's all the same.
SPOILER = re.compile(r"\[(?i:spoilers?)\s*:\s*([^\]]+)\]")
# A photo feed's lines under a post (Instagram): its date, its likes, "View all 96 comments", and a comment's own stamp
# ("3w  88 likes  Reply"). They end the caption as a blank line would; the line over a stamp is someone's comment.
POST_STAMP = re.compile(r"(?i)(?:January|February|March|April|May|June|July|August|September|October|November|December|"
                        # a post's date alone under its title ("Mar 4, 2025") and its counter ("24 comments", never a thread's
                        # heading, "1,842 Comments"): the post's end
                        r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?)"
                        r" \d{1,2}, \d{4}|\d[\d,.]*[KkMm]? likes?|View all \d[\d,]* comments?|(?-i:\d[\d,]* comments?)|(?:Liked by|Followed by) .+")
COMMENT_STAMP_EN = re.compile(r"(?i)\d{1,3}[hdwmy](?:\s+\d[\d,]*\s+likes?)?\s+Reply")
# A reading or question site's buttons, each alone on its line ("免费试读", "加入书架", "投月票", "进入专栏",
# "查看全部粉丝 >", "+ follow this designer"): glued to the next line they read as the character's doings ("X投月票").
BUTTON_LINE = re.compile(r"(?i:\+\s*follow\b.*|follow this \w+|send (?:a |me a )?(?:message|pm)|join(?: now)?|report this (?:page|user|post)|contact(?: agent| me| us)?|write a review|helpful \(\d+\)|report|"
                         r"become a (?:member|patron)|see all tiers|unlock with [\w ]{2,30}|load more(?: comments| requests| replies)?|(?:[\d,.]+k?\s+[a-z]+\s*·\s*)+[\d,.]+k?\s+[a-z]+)|(?:免费试读|立即阅读|立即登录|开始阅读|加入书架|投(?:推荐票|月票)|进入专栏|查看全部|(?:打开|下载)\S{0,4}(?:App|APP|客户端)|"
                       r"(?:查看|进入|返回|去)[\u4e00-\u9fff]{0,8}\s*[>›»]|\+?\s*关注|取消关注|已关注|"
                       # a question site's buttons and counters under an answer: "赞同 2.3 万", "分享"
                       r"赞同\s*[\d.,]+\s*万?|分享|收藏|回复|置顶|"
                       # a shop's (淘宝's): "亲，请登录 免费注册 手机逛淘宝", "进入店铺", "进店看看", "相似店铺"; a government
                       # site's row of bracketed buttons: "【我要纠错】【收藏】", "【字体：大 中 小】【打印】【关闭】"
                       r"亲，请登录.*|(?:进入|收藏|关注)(?:店铺|本店)|进店看看|相似店铺|看了又看|猜你喜欢|综合排序|有用\s*[(（]\d+[)）]|"
                       r"(?:【[^【】]{1,12}】\s*){2,}|"
                       # an attachment's file name alone on its line: "2.向德贵同志先进事迹推荐表.docx", "附件1 申报文本.pdf（2.3MB）"
                       r".{0,60}\.(?:docx?|pdf|xlsx?|pptx?|zip|rar|wps)(?:\s*[（(][^）)]{1,12}[）)])?|"
                       # a short-video site's: "展开8条回复", "暂时没有更多评论", "更新至38集", "已售2.1万", "¥49.9", "作品 412"
                       r"展开(?:\d+条回复|更多)|暂时没有更多评论|没有更多了|猜你想搜|按\s*Enter\s*键发送|更新至\s*\d+\s*[集期章话]|进入橱窗|"
                       r"已售\s*[\d.]+\s*万?|[¥￥]\s*[\d.]+|查看全部\s*\d+\s*件商品|作品\s*\d+|"  # ("1,204 条评论" stays: a comment section's heading)
                       # a profile's counters ("获得 2,356 次喜欢，8,902 次收藏", "回答 213 文章 31 关注者 5.3 万") and its footer's
                       # link rows ("应用 · 工作 · 申请开通知乎机构号", "侵权举报 · 网上有害信息举报专区")
                       r"(?:获得|参与)\s*[\d.,]+\s*万?\s*次.*|(?:[\u4e00-\u9fff]{2,4}\s*[\d.,]+\s*万?\s*){2,}|"
                       r"[^。！？]*\s·\s[^。！？]*(?:举报|机构号|隐私|用户协议|备案|许可证|联系我们|帮助中心)[^。！？]*)")
