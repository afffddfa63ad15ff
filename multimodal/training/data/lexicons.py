"""Word lists for the SFT generator, written for this project (zh and en).

Free-text slot values (songs, artists, places, cities, contacts, screen labels) are invented or
common public names; none come from any evaluation set. Numbers are spoken in digits and words.
"""

from __future__ import annotations

import random

# ----------------------------------------------------------------------------- numbers
_ZH_DIGITS = "零一二三四五六七八九"


def zh_number(n: int, liang: bool = False) -> str:
    """0..199 in Chinese words; ``liang`` says 两 for a bare 2 (两度, 两档)."""
    if n == 2 and liang:
        return "两"
    if n < 10:
        return _ZH_DIGITS[n]
    if n < 20:
        return "十" + (_ZH_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _ZH_DIGITS[n // 10] + "十" + (_ZH_DIGITS[n % 10] if n % 10 else "")
    if n == 100:
        return "一百"
    rest = n - 100
    return "一百" + ("零" + _ZH_DIGITS[rest] if rest < 10 else zh_number(rest) if rest >= 20 else "一" + zh_number(rest))


_EN_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
            "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def en_number(n: int, rng: random.Random | None = None) -> str:
    if n < 20:
        return _EN_ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        if not ones:
            return _EN_TENS[tens]
        sep = rng.choice(["-", " "]) if rng else "-"
        return _EN_TENS[tens] + sep + _EN_ONES[ones]
    return "one hundred" if n == 100 else str(n)


def say_number(n: float, lang: str, rng: random.Random, words_p: float = 0.45, liang: bool = False) -> str:
    """A number as a speaker might type or an ASR might write it: digits or words."""
    whole = float(n).is_integer()
    if rng.random() >= words_p:
        return str(int(n)) if whole else str(n)
    if lang == "zh":
        if whole:
            return zh_number(int(n), liang=liang)
        i, frac = str(n).split(".")
        return zh_number(int(i)) + "点" + "".join(_ZH_DIGITS[int(d)] for d in frac)
    if whole:
        return en_number(int(n), rng)
    i, frac = str(n).split(".")
    return en_number(int(i), rng) + " point " + " ".join(_EN_ONES[int(d)] for d in frac)


# ----------------------------------------------------------------------------- zones
# Noun-modifier forms of each zone ("主驾" 空调, "rear left" window).
ZONE_WORDS = {
    "zh": {
        "driver": ["主驾", "主驾驶", "驾驶位", "驾驶座", "主驾位", "司机位", "主驾这边"],
        "passenger": ["副驾", "副驾驶", "副驾驶位", "副驾座位", "副驾那边", "副驾位"],
        "rear_left": ["左后", "左后方", "后排左侧", "后排左边", "左后排", "左后座"],
        "rear_right": ["右后", "右后方", "后排右侧", "后排右边", "右后排", "右后座"],
        "front": ["前排", "前面", "前排座位", "前座"],
        "rear": ["后排", "后面", "后座", "后排座位"],
        "all": ["全车", "所有", "全部", "车内所有", "整车"],
    },
    "en": {
        "driver": ["driver", "driver's", "driver side", "driver's side", "driver seat"],
        "passenger": ["passenger", "passenger side", "front passenger", "passenger's", "co-driver"],
        "rear_left": ["rear left", "back left", "left rear", "left back", "rear driver side"],
        "rear_right": ["rear right", "back right", "right rear", "right back", "rear passenger side"],
        "front": ["front", "front row", "front seat", "both front"],
        "rear": ["rear", "back", "back row", "back seat", "rear row"],
        "all": ["all", "every", "all the", "all four"],
    },
}

# ----------------------------------------------------------------------------- politeness & fillers
ZH_PREFIX = ["请", "帮我", "麻烦", "麻烦你", "麻烦帮我", "你帮我", "能不能", "能不能帮我", "可以帮我", "可不可以",
             "我想", "我要", "给我", "帮忙", "小助手", "你好小车", "嘿", "那个", "嗯", "呃", "哎", "请帮我", "快",
             "赶紧", "现在", "马上", "先", "劳驾"]
ZH_SUFFIX = ["吧", "一下", "好吗", "谢谢", "呗", "啊", "哈", "可以吗", "行吗", "好不好", "谢啦", "，谢谢", "吧谢谢",
             "呀", "嘛"]
EN_PREFIX = ["please", "can you", "could you", "would you", "can you please", "could you please", "hey",
             "hey car", "ok car", "um", "uh", "so", "okay", "I'd like you to", "I want you to", "I need you to",
             "would you mind to", "go ahead and", "just", "quickly", "yo", "hi", "hey there", "now",
             "would you please", "kindly", "car,", "assistant,"]
EN_SUFFIX = ["please", "thanks", "thank you", "for me", "now", "right now", "for me please", "if you can",
             "real quick", "when you get a chance", "thx", "asap", "ok?", "would you", "will you"]
ZH_FILLERS = ["嗯", "呃", "那个", "就是", "然后", "啊", "这个"]
EN_FILLERS = ["um", "uh", "like", "you know", "er", "hmm", "well", "so"]

# Connectives between commands of a multi-intent utterance.
ZH_JOIN = ["，", "然后", "，然后", "再", "，再", "并且", "，并且", "顺便", "，顺便", "同时", "，同时", "还有", "，还有",
           "另外", "，另外", "接着", "，接着", "并", "和", "，也", "。", "，再帮我", "之后", "以后", "完了", " "]
EN_JOIN = [" and ", ", and ", " then ", ", then ", " and then ", ", also ", " and also ", ". ", ", ",
           " plus ", " as well as ", " after that ", ", and after that ", " and please ", "; ", " also ",
           ". Also ", " while you're at it ", ", oh and ", " and can you "]

# Situational preambles that change no command ("scenario expansion").
ZH_SCENE = ["开了一天车好累，", "我们马上上高速了，", "刚下班，", "孩子在后面睡觉，", "今天天气不错，", "有点堵车，",
            "周末出去玩，", "我在开车，", "老婆在副驾，", "等一下，", "哎呀，", "我跟你说，", "对了，", "话说，",
            "现在是晚上，", "刚吃完饭，", "准备出发了，", "路上有点无聊，"]
EN_SCENE = ["long day at work,", "we're about to hit the highway,", "okay so", "alright,", "the kids are asleep,",
            "on the way home now,", "by the way,", "oh and", "quick one,", "hey so", "listen,", "it's late,",
            "we're running late,", "before I forget,", "while I'm driving,", "road trip time,"]

# ----------------------------------------------------------------------------- media
ZH_SONGS = ["稻香", "晴天", "七里香", "青花瓷", "夜曲", "告白气球", "后来", "十年", "平凡之路", "演员", "光年之外",
            "成都", "南山南", "小幸运", "起风了", "孤勇者", "漠河舞厅", "海阔天空", "光辉岁月", "月亮代表我的心",
            "甜蜜蜜", "童话", "江南", "倔强", "突然好想你", "丑八怪", "体面", "大鱼", "凉凉", "追梦赤子心", "红豆",
            "我的歌声里", "匆匆那年", "年少有为", "消愁", "像我这样的人", "如愿", "野狼disco", "错位时空", "卡路里",
            "山楂树之恋", "夜空中最亮的星", "蓝莲花", "父亲", "再见", "遇见", "宝贝", "安河桥", "理想三旬", "白桦林",
            "菊花台", "简单爱", "说好的幸福呢", "可惜没如果", "修炼爱情", "富士山下", "浮夸", "泡沫", "喜欢你",
            "传奇", "奇妙能力歌", "晚风", "少年", "热爱105°C的你", "大田后生仔", "踏山河", "星辰大海", "向云端",
            "一路向北", "最美的期待", "稳稳的幸福", "贝加尔湖畔", "送别", "鸿雁", "时间都去哪儿了", "小城故事",
            "恭喜发财", "难忘今宵", "我和我的祖国", "茉莉花", "渡口", "新不了情", "千千阙歌", "友谊之光",
            "那些年", "小酒窝", "岁月神偷", "天空之城", "梁祝", "二泉映月", "命运交响曲", "致爱丽丝"]
ZH_ARTISTS = ["周杰伦", "林俊杰", "陈奕迅", "邓紫棋", "五月天", "王菲", "张学友", "刘德华", "李荣浩", "薛之谦", "毛不易",
              "华晨宇", "周深", "张惠妹", "蔡依林", "孙燕姿", "朴树", "许巍", "赵雷", "汪峰", "李健", "王力宏", "邓丽君",
              "莫文蔚", "田馥甄", "张杰", "那英", "刀郎", "伍佰", "郭顶", "陶喆", "梁静茹", "萧敬腾", "张韶涵", "李宗盛",
              "罗大佑", "齐秦", "任贤齐", "张信哲", "费玉清", "谭咏麟", "张国荣", "梅艳芳", "王杰", "郑智化", "黄家驹",
              "窦唯", "崔健", "李志", "宋冬野", "马頔", "陈粒", "房东的猫", "告五人", "草东没有派对", "新裤子",
              "痛仰乐队", "万能青年旅店", "二手玫瑰", "凤凰传奇", "筷子兄弟", "张碧晨", "杨宗纬", "胡彦斌", "徐佳莹",
              "单依纯", "王心凌", "容祖儿", "杨千嬅", "谢霆锋", "陈小春", "郑秀文", "韩红", "宋祖英", "腾格尔",
              "郭德纲", "单田芳", "久石让", "坂本龙一", "霉霉", "披头士"]
ZH_GENRES = ["摇滚", "民谣", "爵士乐", "爵士", "古典音乐", "轻音乐", "流行音乐", "说唱", "粤语歌", "儿歌", "钢琴曲", "老歌",
             "经典老歌", "抖音热歌", "英文歌", "电子音乐", "纯音乐", "相声", "评书", "国风音乐", "古风歌曲", "日语歌",
             "韩语歌", "八零后的歌", "九十年代的歌", "网络热歌", "新歌", "伤感情歌", "励志歌曲", "胎教音乐", "助眠音乐",
             "DJ舞曲", "重金属", "蓝调", "乡村音乐", "嘻哈", "红歌", "广场舞音乐", "新闻联播", "郭德纲相声", "小说",
             "催眠曲", "白噪音", "民乐", "交响乐", "歌剧", "京剧", "黄梅戏", "越剧"]
EN_SONGS = ["Shape of You", "Bohemian Rhapsody", "Hotel California", "Blinding Lights", "Yesterday", "Imagine",
            "Hey Jude", "Let It Be", "Someone Like You", "Rolling in the Deep", "Bad Guy", "Thriller", "Billie Jean",
            "Purple Rain", "Sweet Child O' Mine", "Wonderwall", "Smells Like Teen Spirit", "Uptown Funk", "Happy",
            "Halo", "Viva la Vida", "Yellow", "Fix You", "Take On Me", "Africa", "Dancing Queen", "Hallelujah",
            "Stairway to Heaven", "Wake Me Up", "Counting Stars", "Perfect", "Thinking Out Loud", "Levitating",
            "Shallow", "Old Town Road", "Despacito", "As It Was", "Anti-Hero", "Flowers", "Shake It Off",
            "Lose Yourself", "Hey Ya", "Mr. Brightside", "Seven Nation Army", "Sweet Caroline", "Born to Run",
            "Dreams", "Landslide", "Respect", "Superstition", "My Girl", "Stand by Me", "What a Wonderful World",
            "Don't Stop Believin'", "Livin' on a Prayer", "Jolene", "Ring of Fire", "Piano Man", "Tiny Dancer",
            "Rocket Man", "Space Oddity", "Heroes", "Under Pressure", "Another One Bites the Dust", "Creep",
            "Karma Police", "Clocks", "Umbrella", "Diamonds", "Single Ladies", "Crazy in Love", "Rolling Stone",
            "Hound Dog", "Jailhouse Rock", "Fly Me to the Moon", "My Way", "Take Five", "So What",
            "Autumn Leaves", "Moon River", "La Vie en Rose", "Clair de Lune", "Fur Elise", "Canon in D",
            "the Four Seasons", "Moonlight Sonata", "Riptide", "Ho Hey", "Budapest", "Let Her Go", "Radioactive",
            "Believer", "Thunder", "Demons", "Numb", "In the End", "Enter Sandman", "Back in Black",
            "Highway to Hell", "Sweet Home Alabama", "Free Bird", "Country Roads", "Cruel Summer", "Espresso",
            "Good 4 U", "drivers license", "Watermelon Sugar", "Sunflower", "Circles", "Stay", "Peaches",
            "Dynamite", "Butter", "Gangnam Style", "Waka Waka", "Hips Don't Lie", "Titanium", "Latch",
            "Get Lucky", "One More Time", "Levels", "Summer", "Closer", "Something Just Like This",
            "Photograph", "Castle on the Hill", "All of Me", "Say Something", "Easy on Me", "Hello"]
EN_ARTISTS = ["Taylor Swift", "Ed Sheeran", "Adele", "Coldplay", "the Beatles", "Queen", "Drake", "Beyonce",
              "Bruno Mars", "Billie Eilish", "Kendrick Lamar", "Eminem", "Rihanna", "Lady Gaga", "Ariana Grande",
              "Justin Bieber", "The Weeknd", "Dua Lipa", "Harry Styles", "Post Malone", "Imagine Dragons",
              "Maroon 5", "Linkin Park", "Metallica", "Nirvana", "Radiohead", "Pink Floyd", "Led Zeppelin",
              "Fleetwood Mac", "Bob Dylan", "Johnny Cash", "Dolly Parton", "Miles Davis", "John Coltrane",
              "Frank Sinatra", "Norah Jones", "Michael Jackson", "Elvis Presley", "Stevie Wonder", "Bob Marley",
              "Shakira", "BTS", "Blackpink", "Daft Punk", "Avicii", "Calvin Harris", "Kanye West", "Jay-Z",
              "Olivia Rodrigo", "SZA", "Lana Del Rey", "Arctic Monkeys", "U2", "AC/DC", "Green Day",
              "Red Hot Chili Peppers", "Foo Fighters", "Bon Jovi", "Bruce Springsteen", "Elton John",
              "David Bowie", "Prince", "Whitney Houston", "Mariah Carey", "Celine Dion", "Sam Smith", "Lorde",
              "Sia", "Khalid", "Zach Bryan", "Morgan Wallen", "Luke Combs", "Chris Stapleton", "Kacey Musgraves",
              "Louis Armstrong", "Ella Fitzgerald", "Nina Simone", "Aretha Franklin", "Ray Charles", "Muddy Waters",
              "B.B. King", "Jimi Hendrix", "The Rolling Stones", "The Doors", "The Eagles", "ABBA", "Oasis",
              "Blur", "The Killers", "The Strokes", "Vampire Weekend", "Tame Impala", "Mumford and Sons",
              "The Lumineers", "Hozier", "Lizzo", "Doja Cat", "Cardi B", "Nicki Minaj", "Travis Scott",
              "Bad Bunny", "J Balvin", "Karol G", "Rosalia", "Mozart", "Beethoven", "Bach", "Chopin", "Vivaldi",
              "Hans Zimmer", "Yo-Yo Ma", "Sabrina Carpenter", "Chappell Roan", "Noah Kahan", "Tyler Childers",
              "Willie Nelson", "Garth Brooks", "Shania Twain", "Carrie Underwood", "Jason Aldean",
              "Kenny Chesney", "Tim McGraw", "Alan Jackson", "George Strait"]
EN_GENRES = ["jazz", "classical music", "classical", "rock", "hip hop", "rap", "country", "country music", "blues",
             "pop", "pop music", "lo-fi beats", "lofi", "reggae", "heavy metal", "metal", "punk rock", "R&B", "soul",
             "funk", "EDM", "techno", "house music", "indie rock", "indie", "folk music", "folk", "k-pop",
             "latin music", "gospel", "bluegrass", "80s music", "90s hits", "christmas music", "chill music",
             "workout music", "road trip songs", "meditation music", "white noise", "smooth jazz", "soft rock",
             "classic rock", "oldies", "disco", "acoustic music", "piano music", "relaxing music", "dance music",
             "top 40", "alternative rock", "grunge", "opera", "instrumental music", "ambient music", "trap",
             "country hits", "bossa nova", "salsa", "afrobeats", "sleep sounds", "rain sounds", "kids songs",
             "nursery rhymes", "an audiobook", "Harry Potter audiobook", "some podcasts", "the news", "NPR",
             "BBC radio 1", "sports talk radio", "motown", "synthwave", "movie soundtracks", "video game music"]
EN_ALBUMS = ["Abbey Road", "Thriller", "Back in Black", "Rumours", "Nevermind", "The Dark Side of the Moon",
             "1989", "Folklore", "Midnights", "25", "21", "Divide", "Born in the U.S.A.", "Purple Rain",
             "Kind of Blue", "A Love Supreme", "OK Computer", "Random Access Memories", "After Hours",
             "Future Nostalgia", "Sour", "Lemonade", "Renaissance", "Hybrid Theory", "Blue", "Graceland",
             "Hotel California", "Led Zeppelin IV", "Appetite for Destruction", "The Joshua Tree"]
ZH_ALBUMS = ["范特西", "叶惠美", "十一月的萧邦", "依然范特西", "我很忙", "魔杰座", "跨时代", "后青春期的诗", "U87",
             "不将就", "七里香", "第二天堂", "JJ陆", "摩天动物园", "我是歌手", "神的孩子都在跳舞", "自传"]
RADIO_STATIONS_ZH = ["交通广播", "音乐广播", "新闻广播", "经济之声", "中国之声", "FM103.9", "FM97.4", "调频101.8",
                     "FM88.7", "都市之声", "故事广播", "文艺广播", "FM106.1", "AM774"]
RADIO_STATIONS_EN = ["NPR", "BBC Radio 2", "KEXP", "101.1 FM", "98.5 FM", "FM 104.3", "KQED", "97.3", "WNYC",
                     "the jazz station", "ESPN radio", "Z100", "107.7 The Bone", "AM 680", "the traffic station"]

# ----------------------------------------------------------------------------- navigation
ZH_POIS = ["天安门", "故宫", "颐和园", "北京南站", "上海虹桥机场", "浦东机场", "首都机场", "大兴机场", "外滩", "东方明珠",
           "西湖", "南京路步行街", "王府井", "三里屯", "中关村", "国贸", "陆家嘴", "人民广场", "北京西站", "广州塔",
           "深圳湾公园", "世界之窗", "欢乐谷", "上海迪士尼", "北京环球影城", "宽窄巷子", "春熙路", "解放碑", "洪崖洞",
           "大雁塔", "钟楼", "鼓浪屿", "西溪湿地", "奥林匹克公园", "鸟巢", "水立方", "清华大学", "北京大学", "复旦大学",
           "协和医院", "华山医院", "市人民医院", "第一人民医院", "市中心", "万达广场", "来福士", "宜家", "沃尔玛",
           "山姆会员店", "肯德基", "麦当劳", "星巴克", "海底捞", "朝阳公园", "望京SOHO", "西二旗地铁站", "中山公园",
           "玄武湖", "夫子庙", "拙政园", "橘子洲", "滕王阁", "黄鹤楼", "武汉大学", "虹桥火车站", "杭州东站", "深圳北站",
           "广州南站", "白云机场", "宝安机场", "双流机场", "天府广场", "太古里", "新天地", "静安寺", "徐家汇", "五角场",
           "张江高科", "科技园", "软件园", "高新区", "火车站", "汽车站", "机场", "博物馆", "省博物馆", "图书馆",
           "体育中心", "会展中心", "国家会议中心", "798艺术区", "后海", "南锣鼓巷", "香山", "长城", "八达岭长城",
           "明十三陵", "天坛公园", "北海公园", "景山公园", "动物园", "植物园", "海洋馆", "少年宫", "市政府",
           "区政府", "税务局", "车管所", "4S店", "万象城", "大悦城", "龙湖天街", "银泰城", "吾悦广场", "华润万家",
           "永辉超市", "盒马鲜生", "奶奶家", "姥姥家", "朋友家", "老丈人家", "学校", "幼儿园", "实验小学",
           "第二中学", "健身房", "游泳馆", "电影院", "万达影城"]
ZH_CITIES = ["北京", "上海", "广州", "深圳", "杭州", "成都", "重庆", "武汉", "西安", "南京", "天津", "苏州", "长沙",
             "郑州", "青岛", "大连", "厦门", "昆明", "哈尔滨", "沈阳", "济南", "合肥", "福州", "南宁", "贵阳", "拉萨",
             "乌鲁木齐", "三亚", "海口", "兰州", "呼和浩特", "石家庄", "太原", "南昌", "宁波", "无锡", "东莞", "佛山",
             "珠海", "桂林", "丽江", "大理", "香港", "澳门", "台北", "东京", "纽约", "伦敦", "巴黎", "首尔", "新加坡",
             "长春", "银川", "西宁", "洛阳", "开封", "扬州", "绍兴", "温州", "泉州", "汕头", "惠州", "中山", "烟台",
             "威海", "秦皇岛", "承德", "张家口", "保定", "唐山", "廊坊", "芜湖", "黄山", "九江", "景德镇", "宜昌",
             "襄阳", "岳阳", "常德", "张家界", "遵义", "北海", "柳州", "延吉", "漠河", "喀什", "敦煌", "西双版纳"]
ZH_DISTRICTS = ["朝阳区", "海淀区", "浦东新区", "南山区", "西湖区", "天河区", "武侯区", "江北区", "鼓楼区", "福田区",
                "徐汇区", "东城区", "西城区", "丰台区", "余杭区", "滨江区", "雁塔区", "高新区"]
ZH_ROADS = ["建国路", "中山路", "人民路", "解放路", "长安街", "南京东路", "淮海中路", "世纪大道", "深南大道", "天府大道",
            "文三路", "北京路", "和平路", "胜利路", "友谊路", "学院路", "科技路", "滨江大道", "环城西路", "东三环中路"]
EN_POIS = ["the Golden Gate Bridge", "Golden Gate Park", "Times Square", "Central Park", "the Empire State Building",
           "JFK Airport", "LAX", "San Francisco International Airport", "Union Station", "Grand Central Terminal",
           "Fisherman's Wharf", "Stanford University", "the Space Needle", "Pike Place Market", "Walmart", "Costco",
           "Target", "Home Depot", "Whole Foods", "Trader Joe's", "Starbucks", "the mall", "downtown", "the airport",
           "the train station", "the hospital", "the library", "the beach", "the stadium", "Disneyland",
           "Yosemite National Park", "Lake Tahoe", "Napa Valley", "Hollywood Boulevard", "Santa Monica Pier",
           "the Louvre", "Heathrow Airport", "the British Museum", "Buckingham Palace", "the city center",
           "O'Hare Airport", "Navy Pier", "Millennium Park", "the Art Institute", "MIT", "Harvard University",
           "Boston Common", "Fenway Park", "Dodger Stadium", "Madison Square Garden", "the Brooklyn Bridge",
           "the Statue of Liberty", "Wall Street", "the zoo", "the aquarium", "the museum of natural history",
           "Chinatown", "the convention center", "the ferry terminal", "the bus station", "Kaiser hospital",
           "Mercy Hospital", "the DMV", "the post office", "city hall", "the courthouse", "Lincoln High School",
           "Maple Elementary School", "the gym", "Planet Fitness", "the movie theater", "AMC theater",
           "Best Buy", "IKEA", "Safeway", "Kroger", "CVS", "Walgreens", "the pharmacy", "Chipotle",
           "In-N-Out", "McDonald's", "the Cheesecake Factory", "Olive Garden", "grandma's house",
           "my friend's place", "the soccer field", "the dog park", "the farmers market", "the marina",
           "Sea-Tac airport", "Mount Rainier", "the Grand Canyon", "Las Vegas Strip", "Niagara Falls",
           "the Lincoln Memorial", "the White House", "the Smithsonian", "Penn Station", "Logan Airport",
           "Denver International Airport", "the university campus", "Main Street", "the waterfront",
           "the outlet mall", "Sunset Beach", "Palo Alto", "Mountain View", "Cupertino", "San Jose",
           "Oakland", "Berkeley", "Sacramento", "Santa Cruz", "the Bay Bridge", "Half Moon Bay"]
EN_STREETS = ["Main", "Oak", "Maple", "Pine", "Cedar", "Elm", "Washington", "Lincoln", "Park", "Lake", "Hill",
              "Sunset", "Market", "Mission", "Broadway", "Church", "Highland", "Madison", "Jefferson", "Jackson",
              "Franklin", "University", "Spring", "River", "Valley", "Ocean", "El Camino Real", "Ventura"]
EN_STREET_TYPES = ["Street", "Avenue", "Road", "Boulevard", "Drive", "Lane", "Way", "Court", "Place", "St", "Ave"]
EN_CITIES = ["New York", "Los Angeles", "Chicago", "Houston", "Seattle", "Boston", "San Francisco", "Miami", "Denver",
             "Austin", "Atlanta", "Phoenix", "Las Vegas", "Portland", "San Diego", "Dallas", "Philadelphia",
             "Washington DC", "Nashville", "New Orleans", "Detroit", "Minneapolis", "Salt Lake City", "Orlando",
             "Honolulu", "Anchorage", "Toronto", "Vancouver", "Montreal", "London", "Paris", "Berlin", "Tokyo",
             "Beijing", "Shanghai", "Sydney", "Melbourne", "Rome", "Madrid", "Amsterdam", "Dublin", "Edinburgh",
             "Mexico City", "Seoul", "Singapore", "Dubai", "Mumbai", "Cape Town", "Oslo", "Stockholm",
             "Portland, Oregon", "Springfield, Illinois", "Paris, France", "Austin, Texas", "Columbus, Ohio",
             "Kansas City", "St. Louis", "Pittsburgh", "Cleveland", "Cincinnati", "Buffalo", "Albany", "Tampa",
             "Charlotte", "Raleigh", "Richmond", "Baltimore", "Milwaukee", "Omaha", "Tulsa", "Albuquerque",
             "Tucson", "El Paso", "Boise", "Spokane", "Reno", "Fresno", "Sacramento", "San Jose", "Oakland",
             "Palo Alto", "Lake Tahoe", "Yosemite", "Death Valley", "Big Sur", "Aspen", "Key West", "Juneau",
             "Fargo", "Des Moines", "Madison, Wisconsin", "Burlington, Vermont", "Bangkok", "Hong Kong",
             "Lisbon", "Prague", "Vienna", "Zurich", "Munich", "Istanbul", "Cairo", "Nairobi", "Rio de Janeiro",
             "Buenos Aires", "Lima", "Bogota", "Havana", "Reykjavik", "Helsinki", "Copenhagen", "Warsaw",
             "Athens", "Delhi", "Bangalore", "Manila", "Jakarta", "Hanoi", "Kyoto", "Osaka", "Auckland"]

# ----------------------------------------------------------------------------- phone
ZH_SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林",
               "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹"]
ZH_GIVEN = ["伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英", "建国", "志强",
            "丽娟", "海燕", "小红", "晓东", "子轩", "梓涵", "浩然", "欣怡", "一鸣", "思远", "雨桐", "文博", "佳怡", "俊杰"]
ZH_RELATIONS = ["妈妈", "爸爸", "老婆", "老公", "儿子", "女儿", "爷爷", "奶奶", "姥姥", "姥爷", "外婆", "外公", "哥哥",
                "姐姐", "弟弟", "妹妹", "老妈", "老爸", "媳妇", "岳父", "婆婆", "舅舅", "姑姑", "叔叔", "阿姨", "表哥",
                "老板", "领导", "同事", "室友", "班主任", "物业", "客服", "4S店", "家里", "公司前台", "代驾"]
ZH_TITLES = ["总", "经理", "老师", "医生", "师傅", "主任", "律师", "工", "姐", "哥", "叔"]
EN_FIRST = ["John", "Sarah", "Michael", "Emily", "David", "Jessica", "Chris", "Alex", "Daniel", "Laura", "James",
            "Olivia", "Robert", "Sophia", "William", "Emma", "Kevin", "Rachel", "Brian", "Megan", "Jason", "Nicole",
            "Matt", "Ashley", "Tom", "Kate", "Ben", "Amy", "Sam", "Lisa", "Mike", "Anna", "Steve", "Maria",
            "Carlos", "Priya", "Wei", "Yuki", "Ahmed", "Fatima", "Lucas", "Chloe", "Ethan", "Mia", "Noah", "Zoe"]
EN_LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
           "Lee", "Walker", "Hall", "Allen", "Young", "King", "Wright", "Scott", "Green", "Baker", "Chen", "Wang",
           "Nguyen", "Patel", "Kim", "O'Brien", "Murphy", "Cooper", "Reed", "Bailey"]
EN_RELATIONS = ["Mom", "Dad", "mom", "dad", "Grandma", "Grandpa", "my wife", "my husband", "Mother", "Father",
                "Uncle Bob", "Aunt Linda", "the office", "work", "home", "the babysitter", "Dr. Patel",
                "Dr. Smith", "the dentist", "roadside assistance", "the dealership", "911", "mum", "Honey"]

# ----------------------------------------------------------------------------- screen labels
SCREEN_LABELS_ZH = ["座椅加热", "座椅通风", "蓝牙", "设置", "导航", "音乐", "电话", "确定", "取消", "返回", "主页", "空调",
                    "内循环", "外循环", "自动", "除雾", "后除霜", "运动模式", "经济模式", "舒适模式", "雪地模式",
                    "能量回收", "驾驶模式", "车辆设置", "显示设置", "声音设置", "热点", "收藏", "最近通话", "通讯录",
                    "下一首", "播放", "暂停", "允许", "拒绝", "稍后提醒", "立即更新", "开始导航", "路线偏好", "避开拥堵",
                    "充电设置", "预约充电", "哨兵模式", "露营模式", "洗车模式", "儿童锁", "屏幕亮度", "夜间模式",
                    "同意", "我知道了", "查看详情", "忽略", "重新规划", "接听", "挂断", "静音", "全部关闭", "香氛",
                    "氛围灯", "后视镜折叠", "方向盘加热", "节能模式", "个性化", "系统升级", "关于本机", "蓝牙音乐",
                    "本地音乐", "收音机", "在线电台", "有声读物", "添加途经点", "沿途搜索", "保存", "删除", "重试"]
SCREEN_LABELS_EN = ["Settings", "Bluetooth", "Navigation", "Media", "Phone", "OK", "Cancel", "Back", "Home", "Climate",
                    "Seat Heating", "Auto", "Defrost", "Sport Mode", "Eco Mode", "Comfort", "Drive Mode", "Display",
                    "Sound", "Wi-Fi", "Hotspot", "Favorites", "Recents", "Contacts", "Start", "Allow", "Deny",
                    "Remind Me Later", "Update Now", "Start Navigation", "Route Options", "Charging",
                    "Scheduled Charging", "Sentry Mode", "Camp Mode", "Car Wash Mode", "Child Lock", "Brightness",
                    "Night Mode", "Accept", "Decline", "Skip", "Next", "Done", "Apply", "Save", "Reset", "Dismiss",
                    "View Details", "Got It", "Reroute", "Add Stop", "Search Along Route", "Radio", "USB",
                    "Steering Wheel Heat", "Fold Mirrors", "Software Update", "Energy", "Trips", "Lights",
                    "Locks", "Autopilot", "Service", "Profile", "Retry", "Mute", "Answer", "End Call"]
