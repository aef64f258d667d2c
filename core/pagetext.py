"""What a copied page holds that is not about its character: the work's reception and makers, the sections
about them, contact lines, the site's own chrome and its fields. The statements stage drops what these match.
"""
from __future__ import annotations

import re

# Sentences about the work rather than the character: critics, creators, actors, fans. In-universe facts
# ("she published three novels", "in the second book she marries") do not match.
ABOUT_THE_WORK = re.compile(
    r"\b(?:critics?|reviewers?|critical reception|voiced by|voice actors?|voice actress|portrayed by|played by|"
    r"created by|designed by|conceived by|the author|the writers?|the creators?|creator|co-creator|showrunner|early development|development builds?|beta version|concept art|popularity polls?|fans|fandom|"
    r"fanbase|fan art|cosplay|merchandise|box office)\b|配音|饰演|扮演者|原作者|作者[^，。]{0,6}(?:创作|塑造|设计)|评论家|读者评价|粉丝|"
    r"(?:学者|史学家|史家|后人|论者|评论者)[^，。]{0,12}(?:评价|称|认为|批评|赞)|人气投票|［[JM]］|作者在|作者说|后记中|CV[：:]",
    re.I)
# Sections that are about the work, its reception or its sources, never about the character.
SKIPPED_SECTIONS = re.compile(
    r"(?i)^\s*(?:references?|notes?|footnotes|sources|citations|bibliography|works cited|further reading|see also|"
    r"external links|links|(?:critical )?reception|legacy and reception|casting(?: and development)?|development|"
    r"creation(?: and development)?|conception|production|in other media|(?:other|alternate|alternative) versions|adaptations|"
    r"merchandise|popularity|awards and nominations|promoted|sponsored|people you may know|"
    # a conference page's cards of the other speakers, a team page's of the others
    r"(?:other|more|fellow|all) (?:keynote |plenary |invited |featured )?(?:speakers|panell?ists|authors|artists|team members|members of the team)|"
    r"behind the scenes|appearances|(?:latest|recent|related|popular|more) (?:posts|articles|comments|stories|news)|most (?:popular|read|viewed|shared)|trending(?: now)?|"
    r"(?:view all\s+)?(?:\d[\d,]*\s+)?(?:comments|responses)|more from .{1,40}|recommended from .{1,30}|see all responses|[1-5](?:\.\d)? out of 5 stars|reviews for this (?:shop|item|seller)|(?:ratings (?:&|and) )?(?:(?:listener|reader|customer|guest|patient|user)s?['’]? )?reviews|(?:leave an? )?(?:flowers?|tributes?|condolences?|guest ?book)(?:\s+\d+)?|words of (?:support|encouragement)(?:\s*\(\d[\d,]*\))?|supported by|archives?|people also viewed|you (?:may|might) also like|read more|"
    r"最新文章|最新评论|相关(?:文章|评论|报道|资讯|链接|视频|专题|研究)|热门文章|近期文章|文章归档|(?:共\s*)?(?:\d[\d,]*\s*条)?(?:网友|读者)?评论|【?(?:相关阅读|相关新闻|推荐阅读|热门推荐|猜你喜欢)】?(?:更多精彩内容)?|(?:全部|热门|最新|精选)(?:评论|回复|回应)\s*\d[\d,]*(?:\s*只看作者)?|(?:展开|查看|加载)(?:更多|全部)(?:评论|回复)|(?:全部|热门|最赞|最新)?(?:回应|回复|跟帖)|(?:精选|全部|热门|最新|读者|网友|用户)?留言|往期(?:回顾|推荐|精选)|更多回答|相关问题|相关推荐|相关回答|大家都在搜|"
    r"(?:评论|回复|转发)\s*\d[\d,]*|沙发|板凳|地板|\d{1,4}\s*[#楼]|#\d{1,4}|参考资料|参考文献|史料索引|史料来源|参考书目|词条统计|猜你关注|新手上路|突出贡献榜|注释|脚注|外部链接|相关条目|延伸阅读|人物评价|后世评价|历史评价|社会评价|评价|角色评价|创作背景|"
    r"作者评价|读者评价|网友评价|书友评价|【?(?:点校者?|校注者?|整理者|编者|译者)(?:注|按|说明)】?|校记|(?:患者|用户|顾客|买家|学员|家长)(?:评价|点评|心声|投票)|感谢信|作者的话|作者寄语|编者按|评论区|热门评论|全部评论|精选评论|"
    # a poet's page: the poems' translations and notes, the famous lines, the other poets
    r"译文(?:及注释)?|赏析|鉴赏|(?:[\u4e00-\u9fff]{1,8}的)?名句|相关作者|代表性论文|代表论文|发表论文|(?:selected )?publications|"
    r"角色设计|制作|配音|人气|演员评价|演员表现|幕后花絮|幕后|花絮|拍摄花絮)\s*(?:[（(](?:\d+\s*条?|[^（）()]{1,40})[)）])?\s*$")
# A Chinese entry's sections on the character herself (外貌, 性格, 早年…): a sentence there with no subject of its own
# is hers ("身形瘦高，常穿…", "十九岁正式入巡夜司"), as in a narrator's own words.
CHARACTER_ASPECT_ZH = re.compile(r"^\s*(?:人物)?(?:外貌|外表|外形|形象|长相|性格|个性|性格特点|特点|早年|童年|少年时期|早年经历|"
                                 r"经历|生平|成长经历|人物经历|简介|人物简介|能力|技能|习惯|爱好|喜好|背景|人物背景|人物设定|设定)"
                                 r"(?:\s*[\[［【]?编辑[\]］】]?)?\s*$")
# A Chinese entry's list of the character's works: a line that opens on a title ("《澹庐诗钞》十二卷。") is one she wrote.
WORKS_SECTION_ZH = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]\s*)?(?:主要|代表|个人)?(?:作品|著作|著述)(?:列表|目录)?\s*$")
# A game that says some of what follows is false (a dating profile's "Two truths and a lie…"): no statement can be
# taken from it, whether it is the section's heading or the prompt that opens the passage.
NOT_ALL_TRUE = re.compile(r"(?i)^\s*(?:two truths and a lie|2 truths (?:and|&) a lie|one of these is (?:a lie|false|not true)|"
                          r"spot the lie|guess (?:which|the) (?:one is|lie)|两真一假|真真假假|哪句是假的)")
CONTACT = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|https?://|www\.|\b[\w-]+\.(?:com|org|net|no|io|de|cn)\b(?!\.\w)")
# What a wiki prints around the article, copied with it from the screen: the site's tagline and the hatnotes
# that point to other articles ("For the Brazilian footballer, see...", "This article is about...").
PAGE_CHROME = re.compile(r"(?i)\bfrom wikipedia, the free encyclopedia\b|\b(?:(?:lightly|slightly|been) )?(?:edited|condensed) for (?:length|clarity|brevity)\b|^(?:热门搜索|搜索本版|站内搜索|热搜榜?|trending searches)\b|\b(?:would like|wishes|wish) to thank\b|特别鸣谢|^以下(?:内容)?.{0,8}剧透|请选择性阅读|\b(?:views|opinions|thoughts) (?:are )?(?:my|all my) own\b|(?:[^|｜]+[|｜]){2,}|^@[^\s:：]{1,24}[:：]|^(?:for (?:the|other)\b[^.]{0,80}?,\s+see\b|"
                         r"this article is about\b|not to be confused with\b|\S+ redirects here\b)|[\"“][^\"”]{1,60}[\"”] redirects here\b|"
                         r"^(?:维基百科，自由的百科全书|本词条|本条目|百度百科)|^关于其?他同名(?:人物|词条)|（消歧义）|"
                         # a forum's sidebar: "22,614,903 readers 1,204 users here now", "a community for 14 years"
                         r"\b\d[\d,.]*k?\s+(?:readers|members|subscribers)\b.{0,40}\b(?:here now|online)\b|\ba community for \d+ years\b|"
                         # a blog platform's boxes: "小礼物走一走，来简书关注我", "被以下专题收入", its disclaimer
                         r"\s―\s*[A-Z]|\bfollowers \(\d[\d,]*\)|"  # a quotes page's "“…” ― Greer Halloran, The Ice Road Widow", a count
                         r"\bACCEPT\s+(?:ALL\s+)?REJECT\b|\bthis (?:article|page) contains (?:major |heavy )?spoilers\b|"  # a wiki's banners
                         r"(?-i:\bAdded by [A-Za-z][\w-]*)|(?-i:\b[Ss]ponsored by [A-Z])|"  # a memorial site's photos, its sponsor
                         r"更新于\s*\d{4}|会员专享|播放\s*[\d.]+万?\s+\d{1,2}:\d{2}|"  # an audio site's episode list
                         r"小礼物走一走|更多精彩内容|被以下专题收入|发现更多相似内容|总资产[\d.]+|"
                         # an obituary's notice: the funeral's arrangements, which no one asks the person about
                         r"^>\s*(?:去|我要)|"  # a 豆瓣 page's links: "> 去X的影人页面纠错", "> 我要写影评"
                         # a news agency's dateline and title, a photo's caption: "新华社拉萨8月18日电 题：…——记…", "（8月17日摄）"
                         r"(?:新华社|中新社|中新网|人民网)[^\s，。]{0,6}\d{1,2}月\d{1,2}日电|^[^，。]{2,30}——记[^，。]{2,30}[。]?$|"
                         r"[（(][^（）()]{0,20}摄[)）][。]?$|"
                         r"遗体告别仪式|追悼会(?:定于|将于)|治丧委员会|\b(?:funeral|memorial) (?:service|mass)s? (?:will|is to) be held\b|"
                         r"\bvisitation will be\b|\bin lieu of flowers\b|"
                         # a video site's counters, a card's export line, a book list's buttons, a picture's credit
                         r"(?:播放|弹幕|点赞|投币|收藏)\s*[\d.]+\s*万?\s*[·|]|— Character Card\b|\bexported from\b|"
                         r"\bavg rating\b|\bWant to Read\b|\bRate this (?:book|card)\b|^收藏\s*[|｜]|\bcourtesy of\b|"
                         r"^[\"“][^\"”]{3,80}[\"”]\s*:\s|"  # a headline: '"I Cook Arguments": X on Smoke and Salt'
                         # a dating or social app's status line: "✔ Photo verified · Active today · 4 km away"
                         r"\b(?:photo|profile|id) verified\b|\bactive (?:today|now|yesterday|\d+\s*\w+ ago)\b|"
                         r"\b\d+(?:\.\d+)?\s*(?:km|mi|miles|kilometres|kilometers) away\b(?!\s+from)|\bonline now\b|\blast (?:active|seen|online)\b")
# A feed post's header, its writer's name and handle over the post ("Priya Shah @priya_shoots · Feb 2, 2023"): the
# writer (with the handle, so that a post under another account's header is known for someone else's words).
POST_BY = re.compile(r"^(?P<by>[^@\n·]{2,60}?\s+@[\w.]+(?:@[\w.-]+)?)\s+·\s+[^.!?]{1,30}$")
# A forum post's byline over the post, its writer's handle, points and age ("[–]tidepoolgremlin 1.1k points 3 years ago",
# "[–]MorleyOnTheRock[S] 912 points", "submitted 3 years ago * by MorleyOnTheRock", "Posted by u/kelp_kid 3 years ago"):
# whose post it is (the character's own, when the handle is theirs: core/feeds.py own_handles).
AGO = r"(?:\d+|an?)\s+(?:second|minute|hour|day|week|month|year)s?\s+ago"  # a comment's age: "3 years ago", "a day ago"
FORUM_BYLINE = re.compile(
    r"(?i)^(?:submitted|posted)\b[^.!?]{0,30}?\bby\s+(?:u/)?(?P<by>[\w.-]{3,30})(?:\[[SMA+]\])*(?:\s[^.!?]{0,30})?$"
    r"|^(?:\[[–-]\]\s*)?(?P<handle>\[deleted\]|(?:u/)?[\w.-]{3,30})(?:\[[SMA+]\])*\s+(?:·\s+)?(?:[\d.,]+k?\s+points?\s+)?"
    rf"{AGO}\b[^.!?]{{0,40}}$"
    # a review's: "hedgerow_hannah · 16/03/2024"
    r"|^(?P<dated>[\w.-]{3,30})\s+·\s+(?:\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2}|[A-Z][a-z]{2} \d{1,2}, \d{4})$"
    # a 贴吧 floor's or reply's (core/tieba.py): "老鲍修车铺 楼主 Lv10", "小桥流水人家哈 回复于 2024-4-7 21:35"
    r"|^(?P<floor>[^\s]{2,20}) (?:(?:楼主|吧主|小吧主|吧务) )?(?:Lv\d{1,2}|回复于 [\d :-]+)$")
# A transcript's speaker over what they say, with the time they start ("Maeve Cotterill  00:00", "Priya Ellingham
# (01:12)", "主持人 00:02:41"): whose words follow, as a byline says whose post
# (never an activity's stat, "Moving Time 2:41:07", "Pace 6:38", nor a clock's "Today at 7:48")
SPEAKER_TIME = re.compile(r"^(?!.*\b(?:Time|Pace|Duration|Elapsed|Runtime|Length|Split|Lap|Avg|Average|At|Today|Yesterday)\s+[(\[]?\d)"
                          r"(?P<speaker>[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}|[\u4e00-\u9fff]{2,6})\s+"
                          r"[(\[]?\d{1,2}:\d{2}(?::\d{2})?[)\]]?$")
# A forum post's header, whatever it is glued to: its time stamp ("2024-03-17 21:46:08 已编辑"), "IP属地：云南".
POST_HEADER = re.compile(r"\b\d{4}-\d{2}-\d{2}\s+\d{1,2}:\d{2}(?::\d{2})?\b|IP\s*属地\s*[:：]?")
PAGE_FIELDS = re.compile(r"(?i)^(?:last updated|updated|last modified|(?:posted|published|updated)(?: on)?|contact|e-?mail|website|homepage|phone|tel|fax|"
                         r"(?:opening )?hours|open|营业时间|(?:平台|免责|版权)声明|上一(?:集|篇|章|节|页)|下一(?:集|篇|章|节|页)|书目信息|本书[\u4e00-\u9fff]{0,4}|连载至|当前位置|阅读量|引用次数|点校|审校|更新时间|地址|责任编辑|编辑|主办|承办|来源|记者|通讯员|摄影|图片来源|"
                         r"office|address|copyright|links|references|sources?|see also|相关[\u4e00-\u9fff]{1,4}|(?:重大|严重)?剧透\w{0,2}|(?:major |heavy )?spoilers?(?: warning)?|spoiler(?: warning)?|catalog(?:ue)? (?:ref|reference|number|no\.?)|"
                         r"(?:date of )?recording(?: date)?|interview date|read more|also read|related|(?:like|share) this|share|(?:spring|summer|autumn|winter|"
                         r"special|limited|subscriber|subscription) offer|sponsored|advertisement|date of interview|format|access|related items|"
                         r"duration|rights|cite as|english|japanese|chinese|voice|voiced by|voice actor|"
                         r"voice actress|seiyuu|portrayed by|played by|first appearance|last appearance|created by|designed by|"
                         r"debut|appears in|series|franchise|media|categories|category|tags|分类|标签|更新|联系方式|邮箱|电话|参考资料|"
                         r"(?:[\u4e00-\u9fff]{0,4})(?:声优|配音|配音演员|cv)|中文配音|日文配音|日语配音|扮演者|饰演者|饰演|首次登场|初登场|登场作品|出处|分享到|上一篇|下一篇|"
                         r"实装版本|实装日期|上线时间|获取方式|获得方式|获取途径|解锁条件|注|备注|公司简介|公司介绍|企业简介|"
                         # a podcast's credits
                         r"制作|制作单位|剪辑|后期|监制|录音|混音|封面(?:设计|摄影)?|技术支持|发布时间|发布日期|浏览次数|注册时间|注册日期|字体|字号|"
                         # a chat's export header: "群聊名称：幸福一家人（8）", "导出范围：…", "消息条数：142"
                         r"群聊名称|群名称|导出范围|导出时间|消息条数|聊天记录|"
                         r"(?:[\w ]{0,20} )?(?:biography|bio) by|contributed by|submitted by|search(?: [\w.]+)?|"
                         r"problems/questions(?: profile manager)?|profile manager|"  # a genealogy site's
                         # who drew or designed the character: the work's makers, not the character's facts
                         r"画师|原画(?:师)?|立绘(?:师)?|插画(?:师)?|人物设计|角色设计|illustrator|illustrated by|art by|character design(?:er)?|"
                         # a profile site's own lines, and a character card's: about the page or its maker
                         r"sponsored|advertisement|ads?|followers|following|creators?|tokens|"
                         r"rate this card|ratings?|average rating|member since|achievements?|badges?|creator['’]s notes?|first message|"
                         # a memorial or record page's own lines: who keeps it, its number, a volunteer's research notes
                         r"added|maintained by|(?:originally )?created by|(?:[\w ]{0,24} )?(?:memorial|record|member) id|"
                         r"(?:volunteer|contributor|editor|transcriber|researcher|compiler)['’]?s? notes?|"
                         r"alt(?:ernate)? greetings?|粉丝|关注|关注我们|回复\s*\S{0,16}|获赞|播放|商务合作|合作|粉丝群|浏览次数|编辑次数|最近更新|词条统计|"
                         r"历史版本|词条标签|image credits?|photo credits?|picture credits?|credits|图片来源|摄影|"
                         r"appeared in|appearances|episodes|episode count|(?:latest|most recent) appearance|seasons?|season\(s\)|"
                         r"payment(?: methods?| options)?|we accept|shipping|delivery|returns(?: policy)?|"
                         r"图文(?:编辑)?|文字编辑|责编|排版|校对|"
                         # a government site's footer and its date line, a shop's own terms (淘宝's 掌柜档案 ends on them)
                         r"(?:主办|承办|协办|技术支持)单位|开放时间|网站标识码|(?:ICP)?备案号|今天是|(?:相关)?附件|(?:相关)?视频|"
                         r"客服(?:旺旺|电话|QQ|微信)?|合集|保证金|请输入关键词|搜索|政府网站找错|验证码|消费者保障|(?:店铺)?热搜|卖家信用|filter by|sort by)$")

# A site's menu or button row copied from the screen: three or more labels set apart by runs of spaces and no
# sentence punctuation ("Home  My Network  Jobs  Messaging", "Facebook  Twitter  Email  Print", "关注问题　写回答　邀请回答").
MENU = re.compile(r"^[^.!?。！？:：]+?(?:(?: {2,}|\u3000+)[^ \u3000.!?。！？]+(?: [^ \u3000.!?。！？]+)*){2,}$")
# A site's own lines around the page: Fandom's category line ("in: Characters, Main characters, and 2 more"),
# a forum's post and comment headers ("r/IAmA • Posted by u/KeeperPike • 9h", "level 2 · KeeperPike · 8h",
# "Sort by: Best ▾"), two short menu labels ("Sign In   Register").
SITE_LINE = re.compile(r"^(?:in: [A-Z].*,.*|(?i:sort by|sorted by): .{1,40}|level \d+ · .*|"
                        # a feed's own lines: "Replying to @x", "📌 Pinned", "Show more replies", "Load more"
                        # a 公众号's own lines: its counter alone, its collection tag, the previous article's link
                        r"阅读量?\s*[:：]?\s*[\d.,]+\s*[万亿]?\+?(?:\s.*)?|收录于(?:合集|话题)\s*#.*|预览时标签不可点|(?:上一篇|下一篇)\s*[:：]?\S.*|"
                        r"阅读\s*[\d.]+万?\s.*(?:在看|写留言).*|.+[？?]\s*\d[\d,]*\s*个回答|Replying to @\S+|\W{0,3}\s*Pinned|Show (?:more|all) replies|Load more|Show this thread|…?\s*(?:see|show|read) more|来自\S{0,12}(?:客户端|PC端|手机贴吧)\s*\d+楼.*|回复\(\d+\)|收起回复|我也说一句|只看楼主(?:收藏回复)?|查看详情|\d+回复贴，共\d+页|<<返回\S+|Like|Comment|Repost|Send|Share|Follow|Message|Connect|\d[\d,]* comments? · \d[\d,]* reposts?|.{2,60} (?:commented on|posted|reposted|liked|shared) (?:this|a post|an article)\b.*•.*|加载更多|查看更多|(?:展开|收起)全文|Reply|Report|"
                        # a Facebook page's own lines, copied logged out
                        r"Page transparency|Facebook is showing information.*|Page created\s*[-–]\s*.*|All reactions:?|"
                        r"Most relevant|(?:View|See) (?:more|all|previous) comments|Write a (?:comment|public comment)(?:…|\.\.\.)?|"
                        r"Log in or sign up for Facebook.*|Create new account|\d[\d,.]*[KkMm]? shares?|"
                        r"Comment deleted by (?:user|moderator)|Archived post\..*|More replies|Add to (?:calendar|my schedule|agenda)\b.*|View all \d+ speakers.*|"
                        r"[A-Za-z'’]+(?: [A-Za-z'’]+)?(?: {2,})[A-Za-z'’]+(?: [A-Za-z'’]+)?|"
                        # a picture's caption: "[Image] X in the Series 2 poster", "（图：X在作坊里，2019年摄）"
                        r"[\[（(【]\s*(?i:图片|圖片|图|圖|配图|image|photo|photograph|picture|figure|fig\.)[\]）)】:：\s].*|"
                        # a site's footer and a comment's header: "© 2024 X · Privacy Policy", "Reply name · 5 months ago"
                        r".*(?:©|\bPrivacy Policy\b|\bTerms of (?:Service|Use)\b|\bAll rights reserved\b|版权所有).*|"
                        # a wiki's navbox: "show v t e England squad – 2008 tour of Sri Lanka"
                        r".*\b(?:show|hide) v t e\b.*|v t e\b.*|show|hide|v|t|e|"
                        # an encyclopedia's buttons under each heading ("性格" over "播报" over "编辑")
                        r"播报|编辑|"
                        # a printed page's running header and its number: "CV — Ada Quill — page 2 of 3", "2"
                        r".*\b(?i:page) \d{1,3} (?i:of) \d{1,3}\b.*|\d{1,3}|"
                        # a Chinese site's link row: "我要评论 | 查看全部评论", "关于我们 | 联系我们 | 网站地图"
                        r"[\u4e00-\u9fff]{2,8}(?:\s*[|｜]\s*[\u4e00-\u9fff]{2,10})+|"
                        r".*·\s*\d+\s+(?:minutes?|hours?|days?|weeks?|months?|years?)\s+ago\b.*|"
                        # a signature under a letter or an essay: "——周德昌  2024年春于河边街", "— Tobias, March 2024"
                        r"(?:——|—|--)\s*[^.!?。！？]{1,40}|"
                        # an encyclopedia's buttons under a title or heading: "播报　编辑", "播报　讨论　上传视频"
                        r"(?:播报|编辑|讨论|上传视频|收藏|分享|赞)(?:[\s\u3000]+(?:播报|编辑|讨论|上传视频|收藏|分享|赞|[\d｜|]+))*|"
                        # breadcrumbs ("Exhibits > Women of the Mills > Panel 4"), a site's counters and stamps
                        # ("142K followers • Partner", "关注者 2,341 · 被浏览 1,208,556", "编辑于 2024-03-02 · IP 属地四川")
                        r"[^>»›\n]{1,40}(?:\s+[>»›]\s+[^>»›\n]{1,40}){2,}|"
                        # a forum thread's counters: "查看: 1387|回复: 12", "Views: 1,387 | Replies: 12"
                        r"[\u4e00-\u9fffA-Za-z]{1,8}\s*[:：]\s*[\d,]+(?:\s*[|｜·]\s*[\u4e00-\u9fffA-Za-z]{1,8}\s*[:：]\s*[\d,]+)+|"
                        r"[\d.,]+\s*[KkMm万]?\s+(?:followers|subscribers|views)\b.*|"
                        # a counter alone on its line ("1,186" over "pages"), never a year
                        r"\d{1,3}(?:,\d{3})+|\d+\.\d+\s*[KkMm万]|\d{5,}|"
                        r"(?:关注者|被浏览|赞同|编辑于|发布于|查看全部)\s*\d.*|[\d,]+\s*人赞同了该回答|"
                        # an encyclopedia's footer: "我有疑问", "内容质疑", "突出贡献榜", "猜你关注"
                        r"我有疑问|内容质疑|在线客服|官方贴吧|意见反馈|投诉建议|举报不良信息|未通过词条申诉|投诉侵权信息|封禁查询与解封|新手上路|"
                        r"成长任务|编辑入门|编辑规则|本人编辑|突出贡献榜|猜你关注|词条统计|"
                        # a question-and-answer site's buttons: "关注她", "发私信", "写下你的评论...", "点击查看全部评论"
                        r"关注(?:她|他|问题)|发私信|(?:邀请|写)回答|好问题\s*\d*|收起|显示全部|写下你的评论.*|点击查看全部(?:评论|回答)|"
                        # a video site's counters: "播放 126.3万 · 弹幕 8942 · 2024-05-18", "弹幕列表 · 评论 3571 · 最热 最新"
                        r"(?=.*\d)(?=.*[\u4e00-\u9fff])[^。！？，·]{1,16}(?:\s·\s[^。！？，·]{1,20}){2,})$")  # "赞同他的看法" stays


# An infobox copied from the screen with each label over its values ("Birth" / "14 Mar 1861" / "Chittenango, New
# York"; "Parents" / "Amos Tuttle" / "1829–1894"), as memorial, genealogy and film-database pages print them.
_STACKED_LABEL = re.compile(r"(?i)^(?:birth|born|death|died|burial|buried|resting place|spouses?|partners?|parents|"
                            r"children|siblings|half siblings|occupation|nationality|education|alma mater|residence|"
                            r"hometown|also known as|nicknames?|"
                            # a game or fan wiki's portable infobox, copied label over value
                            r"full name|real name|birth name|aliases|age|status|race|species|gender|sex|height|weight|"
                            r"hair(?: colou?r)?|eyes|eye colou?r|affiliations?|occupations?|family|relatives|class|"
                            r"weapons?|titles?|rank|birthday|allegiance|faction|"
                            # a professional's profile, each list alone in its block: "Specialties" over one item a line
                            r"specialt(?:ies|y)|specialities|languages|service areas|areas served|areas of expertise|expertise)$")
# Those lists: the label's block holds nothing else, so one label alone is a field all the same
_LIST_LABEL = re.compile(r"(?i)^(?:specialt(?:ies|y)|specialities|languages|service areas|areas served|areas of expertise|expertise)$")
# What ends a list of values in an infobox: its next heading ("Gameplay information") or a label of the infobox's own
# ("Recruited", "Romanceable", "Voice")
_INFOBOX_ROW = re.compile(r"(?i)^(?:.*\b(?:information|description|details|statistics|stats)|[A-Z][a-z]+(?:able|ed)|"
                          r"appearances|games?|voice|voiced by|location|debut)$")
# Labels whose values run on one per line ("Aliases" / "The Lamplighter" / "Wick"): each short line is one more value.
_STACKED_LIST = re.compile(r"(?i)^(?:aliases|also known as|nicknames?|affiliations?|occupations?|family|relatives|"
                           r"weapons?|titles?|specialt(?:ies|y)|specialities|service areas|areas served|areas of expertise|expertise)$")
_STACKED_KIN = re.compile(r"(?i)^(?:spouses?|partners?|parents|children|siblings|half siblings)$")
_LIFE_YEARS = re.compile(r"^\(?((?:c\.\s?)?\d{3,4}\s*[–-]\s*(?:\d{3,4})?)\)?(?:\s*\((?:m\.|married) (\d{4})\))?$")
_NAME_LINE = re.compile(r"^[A-Z][\w.'’-]*(?: (?:[A-Z][\w.'’-]*|\"[^\"]+\"|“[^”]+”|de|van|von|of|da|del)){1,5}$")


def stacked_fields(lines: list[str]) -> list[str]:
    """Each stacked label with its values as one "Label: value" line, a field like any other: a date and a place
    ("Birth: 14 Mar 1861 in Chittenango, New York"), or relatives with their years ("Parents: Amos Tuttle
    (1829–1894); Lydia Tuttle (1833–1870)"). Only where two labels or more are stacked: a lone "Children" is a heading."""
    if sum(bool(_STACKED_LABEL.match(line.strip())) for line in lines) < 2 and not (len(lines) > 1 and _LIST_LABEL.match(lines[0].strip())):
        return lines
    out, at = [], 0
    while at < len(lines):
        label, values, following = lines[at].strip(), [], at + 1
        if _STACKED_LABEL.match(label):
            kin = _STACKED_KIN.match(label)
            while following < len(lines) and not _STACKED_LABEL.match(lines[following].strip()):
                value = lines[following].strip()
                if kin and _NAME_LINE.match(value):
                    values.append(value)
                elif kin and values and _LIFE_YEARS.match(value):
                    years = _LIFE_YEARS.match(value)
                    values[-1] += f" ({years.group(1)}" + (f"; married {years.group(2)})" if years.group(2) else ")")
                elif not kin and (not values or len(values) == 1 and re.search(r",|\d{4}", value)
                                  or _STACKED_LIST.match(label) and len(value.split()) <= 6 and not _INFOBOX_ROW.match(value)) \
                        and len(value.split()) <= 12 and not re.search(r"[.!?。！？]$", value):
                    values.append(value)  # a date, then its place: no third line, no sentence
                else:
                    break
                following += 1
        if not values:
            out.append(lines[at])
            at += 1
            continue
        if kin:  # one line per relative, each its own statement: "Child: Ray Henry Bissell (1892–1918)"
            singular = {"parents": "Parent", "children": "Child", "siblings": "Sibling", "half siblings": "Half sibling",
                        "spouses": "Spouse", "partners": "Partner"}.get(label.casefold(), label)
            out += [f"{singular}: {value}" for value in values]
        else:
            joined = "; ".join(values) if _STACKED_LIST.match(label) else " in ".join(values) if re.search(r"\d{4}", values[0]) \
                else ", ".join(values)
            out.append(f"{label}: {joined}")
        at = following
    return out


def without_menu_runs(lines: list[str]) -> list[str]:
    """A site's menus and buttons copied one item per line ("Sign in" / "Product" / "Solutions" / "Pricing",
    "Follow" / "Overview" / "Repositories" / "41"; "首页" / "所有宝贝" / "竹编茶器" / "定制专区"): five short lines or more
    in a row, none a sentence nor a field, are chrome; glued together they would read as one long sentence, each
    label a "fact" ("骆其顺定制专区。")."""
    def item(line: str) -> bool:
        bare = line.strip()
        if FORUM_BYLINE.match(bare):
            return False  # a byline after a review's buttons ("posted by Owner" under "Oh no 0") is whose words follow
        if re.search(r"[\u4e00-\u9fff]", bare):  # "进入店铺" / "收藏店铺" / "首页" / "所有宝贝": a shop's menu, never a title's 《》
            return len(re.sub(r"\s", "", bare)) <= 6 and len(bare.split()) <= 3 and not re.search(r"[。！？，、：:《》“”]", bare)
        return bool(bare) and len(bare.split()) <= 3 and not re.search(r"[.!?。！？,，]$|[:：]", bare) \
            and not _STACKED_LABEL.match(bare)

    out, run = [], []
    for line in lines + [""]:
        if item(line):
            run.append(line)
            continue
        out += [] if len(run) >= 5 else run
        run = []
        if line:
            out.append(line)
    return out


# A couplet of classical verse ("斜日穿林鸟自还，一筇扶我下前山。", two halves of five or seven characters) or a famous
# line's attribution ("—— 邵季衡《秋怀》"): the poet's work, never a fact about the poet, its 我 no narrator's.
_COUPLET = re.compile(r"^(?:[\u4e00-\u9fff]{5}，[\u4e00-\u9fff]{5}|[\u4e00-\u9fff]{7}，[\u4e00-\u9fff]{7})[。！？]$")
_ATTRIBUTION = re.compile(r"^——\s*\S{1,8}《")


def verse_zh(sentences: list[str]) -> set[str]:
    """The passage's lines of verse: couplets where it has two or more (a poem; one alone may be prose, "很多人问我，
    做秤难不难。"), and attributions."""
    couplets = {s for s in sentences if _COUPLET.match(s)}
    return (couplets if len(couplets) >= 2 else set()) | {s for s in sentences if _ATTRIBUTION.match(s)}
