<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>ChartExport</name>
    <message>
        <source>%1: choose a file name ending in .png, .svg or .pdf.</source>
        <translation>%1: 末尾が .png、.svg、.pdf のファイル名を選んでください。</translation>
    </message>
    <message>
        <source>Cannot write %1; check that the folder exists and is writable.</source>
        <translation>%1 に書き込めません。フォルダが存在し、書き込み可能か確認してください。</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation>PNG 画像 (*.png);;SVG 図 (*.svg);;PDF 文書 (*.pdf)</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>グラフをエクスポート</translation>
    </message>
</context>
<context>
    <name>GridFigure</name>
    <message>
        <source>One scale for all channels</source>
        <translation>全チャンネルで共通のスケール</translation>
    </message>
    <message>
        <source>−largest |value|</source>
        <translation>−最大 |値|</translation>
    </message>
    <message>
        <source>min</source>
        <translation>最小</translation>
    </message>
    <message>
        <source>+largest |value|</source>
        <translation>+最大 |値|</translation>
    </message>
    <message>
        <source>max</source>
        <translation>最大</translation>
    </message>
    <message>
        <source>Each channel scaled to its own range; the layer&apos;s values: %1 … %2</source>
        <translation>各チャンネルをそれぞれの範囲でスケール。層全体の値: %1 … %2</translation>
    </message>
    <message>
        <source>%1 channels × %2 × %3 · colormap %4</source>
        <translation>%1 チャンネル × %2 × %3 · カラーマップ %4</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>in %1 → +%2 channels (concatenation: %3)</source>
        <translation>入力 %1 → +%2 チャンネル（チャンネル方向に結合: %3）</translation>
    </message>
    <message>
        <source>in %1 → out %2 channels (compression)</source>
        <translation>入力 %1 → 出力 %2 チャンネル（チャンネル数を削減）</translation>
    </message>
    <message>
        <source>in %1 → out %2 channels</source>
        <translation>入力 %1 → 出力 %2 チャンネル</translation>
    </message>
    <message>
        <source>%1
%2
%3 × %4, %5 parameters</source>
        <translation>%1
%2
%3 × %4、パラメータ数 %5</translation>
    </message>
    <message>
        <source>Images (%1);;All files (*)</source>
        <translation>画像 (%1);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Videos (*.mp4 *.m4v *.mov *.webm *.mkv *.avi *.mpg *.mpeg *.ogv *.wmv *.flv *.gif);;All files (*)</source>
        <translation>動画 (*.mp4 *.m4v *.mov *.webm *.mkv *.avi *.mpg *.mpeg *.ogv *.wmv *.flv *.gif);;すべてのファイル (*)</translation>
    </message>
</context>
<context>
    <name>StartupOptions</name>
    <message>
        <source>densescope: the window needs at least %1×%2 pixels; it is shown at that size instead of %3×%4.</source>
        <translation>densescope: ウィンドウには少なくとも %1×%2 ピクセルが必要です。%3×%4 ではなくこのサイズで表示します。</translation>
    </message>
    <message>
        <source>Window size in pixels, e.g. 1280x720 (for screenshots: the PNG has this size).</source>
        <translation>ウィンドウのサイズ（ピクセル）。例: 1280x720（スクリーンショットの PNG もこのサイズになります）。</translation>
    </message>
    <message>
        <source>Scale fonts, charts and thumbnails by this factor, 0.75 to 3 (as View &gt; Zoom in).</source>
        <translation>文字、グラフ、サムネイルをこの倍率で拡大します。0.75 〜 3（表示 &gt; 拡大 と同じ）。</translation>
    </message>
    <message>
        <source>--size %1: give the window size as WIDTHxHEIGHT in pixels, e.g. 1280x720 (each between %2 and %3).</source>
        <translation>--size %1: ウィンドウのサイズを 幅x高さ（ピクセル）で指定してください。例: 1280x720（それぞれ %2 〜 %3）。</translation>
    </message>
    <message>
        <source>--zoom %1: give a factor between 0.75 and 3, e.g. 1.5.</source>
        <translation>--zoom %1: 0.75 〜 3 の倍率を指定してください。例: 1.5。</translation>
    </message>
    <message>
        <source>--zoom %1: this screen has room for every panel up to %2, so the window uses %2.</source>
        <translation>--zoom %1: この画面ですべてのパネルが収まるのは %2 までなので、%2 を使います。</translation>
    </message>
    <message>
        <source>--panel %1: there is no such panel; the panels are: %2.</source>
        <translation>--panel %1: そのようなパネルはありません。パネルは次のとおりです: %2。</translation>
    </message>
    <message>
        <source>Bring this panel to the front at start, by its short name (an analysis panel such as cam; an unknown name lists them).</source>
        <translation>起動時にこのパネルを前面に表示します。短い名前で指定します（cam などの分析パネル。不明な名前を指定すると一覧を表示します）。</translation>
    </message>
    <message>
        <source>Start in lesson mode on what the workbench shows, as F11 does.</source>
        <translation>作業画面に表示しているものでレッスンモードを開始します（F11 と同じ）。</translation>
    </message>
</context>
<context>
    <name>ds::ImageIO</name>
    <message>
        <source>Cannot load image from standard input (-): %1</source>
        <translation>標準入力（-）から画像を読み込めません: %1</translation>
    </message>
    <message>
        <source>Cannot load image &apos;%1&apos;: %2</source>
        <translation>画像 &apos;%1&apos; を読み込めません: %2</translation>
    </message>
    <message>
        <source>it has zero size (%1 x %2 pixels). Choose another image.</source>
        <translation>サイズが 0 です（%1 x %2 ピクセル）。別の画像を選んでください。</translation>
    </message>
    <message>
        <source>it is %1 x %2 = %3 pixels, more than the limit of %4 pixels (%5 megapixels). Scale it down first (the network sees 224 x 224 anyway).</source>
        <translation>%1 x %2 = %3 ピクセルで、上限の %4 ピクセル（%5 メガピクセル）を超えています。先に縮小してください（ネットワークが見るのはどのみち 224 x 224 です）。</translation>
    </message>
    <message>
        <source>Convert it to PNG or JPEG, or install Qt&apos;s image-format plugins (Debian: qt6-image-formats-plugins).</source>
        <translation>PNG か JPEG に変換するか、Qt の画像形式プラグイン（Debian: qt6-image-formats-plugins）をインストールしてください。</translation>
    </message>
    <message>
        <source>Convert it to PNG or JPEG first (for HEIC/HEIF: heif-convert, from Debian&apos;s libheif-examples).</source>
        <translation>先に PNG か JPEG に変換してください（HEIC/HEIF は Debian の libheif-examples の heif-convert で変換できます）。</translation>
    </message>
    <message>
        <source>its format (%1) has no Qt image reader installed here. %2 Readable formats: %3.</source>
        <translation>この形式（%1）を読む Qt の画像リーダーがインストールされていません。%2 読める形式: %3。</translation>
    </message>
    <message>
        <source>the file is not an image in a format Qt can read (or its header is damaged). Readable formats: %1.</source>
        <translation>Qt が読める形式の画像ではありません（またはヘッダーが壊れています）。読める形式: %1。</translation>
    </message>
    <message>
        <source>the file cannot be opened (%1). Check the path and permissions.</source>
        <translation>ファイルを開けません（%1）。パスと権限を確認してください。</translation>
    </message>
    <message>
        <source>the JPEG data ends before the end of the image. The file is truncated: re-export or re-download it.</source>
        <translation>JPEG のデータが画像の途中で終わっています。ファイルが途中で切れているので、エクスポートかダウンロードをやり直してください。</translation>
    </message>
    <message>
        <source>it is a valid %1 image of %2 x %3 pixels, but Qt&apos;s %1 reader handles at most 32767 pixels per side. Convert it to PNG first (e.g. pnmtopng from netpbm).</source>
        <translation>%2 x %3 ピクセルの正しい %1 画像ですが、Qt の %1 リーダーが扱えるのは 1 辺 32767 ピクセルまでです。先に PNG に変換してください（例: netpbm の pnmtopng）。</translation>
    </message>
    <message>
        <source>the %1 data could not be decoded (%2). The file is truncated or corrupt: re-export or re-download it.</source>
        <translation>%1 のデータをデコードできません（%2）。ファイルが途中で切れているか壊れているので、エクスポートかダウンロードをやり直してください。</translation>
    </message>
    <message>
        <source>the %1 decoder returned no pixels%2. The file is truncated or corrupt: re-export or re-download it.</source>
        <translation>%1 のデコーダーがピクセルを返しませんでした%2。ファイルが途中で切れているか壊れているので、エクスポートかダウンロードをやり直してください。</translation>
    </message>
    <message>
        <source>reading it failed (%1).</source>
        <translation>読み込みに失敗しました（%1）。</translation>
    </message>
    <message>
        <source>the stream holds more than %1 bytes, the limit for images read from a pipe or standard input. Save it to a file and give its path.</source>
        <translation>パイプや標準入力から読む画像の上限 %1 バイトを超えています。ファイルに保存して、そのパスを指定してください。</translation>
    </message>
    <message>
        <source>the stream ended without any data (0 bytes). Send an image into it.</source>
        <translation>データがないまま終わりました（0 バイト）。画像を送ってください。</translation>
    </message>
    <message>
        <source>a character device</source>
        <translation>キャラクターデバイス</translation>
    </message>
    <message>
        <source>a block device</source>
        <translation>ブロックデバイス</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>通常のファイルではありません</translation>
    </message>
    <message>
        <source>standard input is closed. Pipe an image into it.</source>
        <translation>標準入力が閉じています。画像をパイプで渡してください。</translation>
    </message>
    <message>
        <source>standard input is a terminal. Pipe an image into it, e.g. cat photo.jpg | densescope-cli classify -</source>
        <translation>標準入力が端末です。画像をパイプで渡してください。例: cat photo.jpg | densescope-cli classify -</translation>
    </message>
    <message>
        <source>standard input is %1, not an image file or a pipe.</source>
        <translation>標準入力は%1で、画像ファイルでもパイプでもありません。</translation>
    </message>
    <message>
        <source>the file does not exist. Check the path.</source>
        <translation>ファイルが存在しません。パスを確認してください。</translation>
    </message>
    <message>
        <source>it is a folder. Give the path of an image file.</source>
        <translation>フォルダです。画像ファイルのパスを指定してください。</translation>
    </message>
    <message>
        <source>the file is not readable (permissions). Check its permissions.</source>
        <translation>ファイルを読めません（権限）。権限を確認してください。</translation>
    </message>
    <message>
        <source>the file cannot be opened (%1). Check the path.</source>
        <translation>ファイルを開けません（%1）。パスを確認してください。</translation>
    </message>
    <message>
        <source>it is %1, not an image file. Give the path of an image file (or - to read one from standard input).</source>
        <translation>%1で、画像ファイルではありません。画像ファイルのパス（標準入力から読むなら -）を指定してください。</translation>
    </message>
    <message>
        <source>the pipe cannot be opened (%1).</source>
        <translation>パイプを開けません（%1）。</translation>
    </message>
    <message>
        <source>the file is empty (0 bytes). Choose another file.</source>
        <translation>ファイルが空です（0 バイト）。別のファイルを選んでください。</translation>
    </message>
    <message>
        <source>the PNG data ends too early (the file has %1 bytes). The file is truncated: re-export or re-download it.</source>
        <translation>PNG のデータが途中で終わっています（ファイルは %1 バイトです）。ファイルが途中で切れているので、エクスポートかダウンロードをやり直してください。</translation>
    </message>
    <message>
        <source>the png data could not be decoded%1. The file is truncated or corrupt: re-export or re-download it.</source>
        <translation>PNG のデータをデコードできません%1。ファイルが途中で切れているか壊れているので、エクスポートかダウンロードをやり直してください。</translation>
    </message>
</context>
<context>
    <name>ds::VideoDecoder</name>
    <message>
        <source>the file does not exist. Check the path.</source>
        <translation>ファイルが存在しません。パスを確認してください。</translation>
    </message>
    <message>
        <source>it is a folder. Choose a video file in it.</source>
        <translation>フォルダーです。その中の動画ファイルを選んでください。</translation>
    </message>
    <message>
        <source>it is not a regular file (a pipe or a device). Save the video to a file first.</source>
        <translation>通常のファイルではありません（パイプまたはデバイス）。先に動画をファイルに保存してください。</translation>
    </message>
    <message>
        <source>permission denied. Check the file&apos;s permissions.</source>
        <translation>アクセスが拒否されました。ファイルのアクセス権を確認してください。</translation>
    </message>
    <message>
        <source>the file is empty.</source>
        <translation>ファイルが空です。</translation>
    </message>
    <message>
        <source>out of memory.</source>
        <translation>メモリが足りません。</translation>
    </message>
    <message>
        <source>it is not a video file FFmpeg can read (%1). Open a video such as MP4, WebM, MKV or AVI.</source>
        <translation>FFmpeg で読める動画ファイルではありません（%1）。MP4、WebM、MKV、AVI などの動画を開いてください。</translation>
    </message>
    <message>
        <source>its streams cannot be read (%1). The file may be truncated or corrupt.</source>
        <translation>ストリームを読み取れません（%1）。ファイルが途中で切れているか壊れている可能性があります。</translation>
    </message>
    <message>
        <source>it is a still image, not a video. Open it with File → Open image, or classify it without --video.</source>
        <translation>動画ではなく静止画です。ファイル → 画像を開く で開くか、--video を付けずに分類してください。</translation>
    </message>
    <message>
        <source>its only picture is a cover image (an audio file?), not a video. Open a video file.</source>
        <translation>含まれている画像はカバー画像だけで、動画ではありません（音声ファイルでは？）。動画ファイルを開いてください。</translation>
    </message>
    <message>
        <source>it has no video stream (an audio file or a still image?).</source>
        <translation>映像ストリームがありません（音声ファイルか静止画では？）。</translation>
    </message>
    <message>
        <source>no decoder for its video format is installed (%1). Convert the video to H.264 MP4 or VP9 WebM.</source>
        <translation>この動画形式のデコーダーがインストールされていません（%1）。H.264 の MP4 か VP9 の WebM に変換してください。</translation>
    </message>
    <message>
        <source>its frames are %1 x %2 pixels; DenseScope plays videos up to %3 megapixels. Scale the video down first.</source>
        <translation>フレームが %1 × %2 ピクセルです。DenseScope が再生できるのは %3 メガピクセルまでです。先に動画を縮小してください。</translation>
    </message>
    <message>
        <source>its decoder cannot be set up.</source>
        <translation>デコーダーを準備できません。</translation>
    </message>
    <message>
        <source>its decoder cannot be opened (%1).</source>
        <translation>デコーダーを開けません（%1）。</translation>
    </message>
    <message>
        <source>No video is open.</source>
        <translation>動画が開かれていません。</translation>
    </message>
    <message>
        <source>reading failed after frame %1 (%2).</source>
        <translation>フレーム %1 の後で読み取りに失敗しました（%2）。</translation>
    </message>
    <message>
        <source>no frame of it could be decoded%1. The file may be truncated or corrupt.</source>
        <translation>フレームを 1 枚もデコードできませんでした%1。ファイルが途中で切れているか壊れている可能性があります。</translation>
    </message>
    <message>
        <source>its pixel format (%1) cannot be converted to RGB.</source>
        <translation>ピクセル形式（%1）を RGB に変換できません。</translation>
    </message>
    <message>
        <source>out of memory for a %1 x %2 frame.</source>
        <translation>%1 × %2 のフレームに使うメモリが足りません。</translation>
    </message>
    <message>
        <source>it cannot be played again from the start (%1).</source>
        <translation>最初から再生し直せません（%1）。</translation>
    </message>
    <message>
        <source>Cannot play video &apos;%1&apos;: %2</source>
        <translation>動画「%1」を再生できません: %2</translation>
    </message>
    <message>
        <source>its pictures are %1 x %2 pixels, a size FFmpeg cannot decode. The file is damaged, or is not a real video.</source>
        <translation>画像が %1 × %2 ピクセルで、FFmpeg がデコードできないサイズです。ファイルが壊れているか、実際の動画ではありません。</translation>
    </message>
    <message>
        <source>it is a playlist or a list of other files (%1), not a video. DenseScope plays only self-contained video files, so that a file cannot make it read other files or addresses: open one of the videos it lists instead.</source>
        <translation>動画ではなく、プレイリストまたは他のファイルの一覧（%1）です。DenseScope は、ファイルが他のファイルやアドレスを読ませることがないよう、それ自体で完結した動画ファイルだけを再生します。一覧にある動画のどれかを直接開いてください。</translation>
    </message>
    <message>
        <source>its format (%1) is not one DenseScope plays. Convert it to MP4, WebM, MKV or AVI.</source>
        <translation>この形式（%1）は DenseScope では再生できません。MP4、WebM、MKV、AVI のいずれかに変換してください。</translation>
    </message>
    <message>
        <source>it cannot be opened (%1).</source>
        <translation>開けません（%1）。</translation>
    </message>
    <message>
        <source>it cannot be read (%1).</source>
        <translation>読み取れません（%1）。</translation>
    </message>
    <message>
        <source>opening was interrupted.</source>
        <translation>開く処理が中断されました。</translation>
    </message>
    <message>
        <source>its video stream gives no frame size (%1 x %2): its header may be damaged, or its first picture lies further into the file than DenseScope looks. Convert the video to MP4 or WebM.</source>
        <translation>映像ストリームにフレームサイズがありません（%1 × %2）。ヘッダーが壊れているか、最初の画像が DenseScope の調べる範囲より後ろにあります。動画を MP4 か WebM に変換してください。</translation>
    </message>
    <message>
        <source>frame %1 has no size (%2 x %3): the stream is damaged there.</source>
        <translation>フレーム %1 にサイズがありません（%2 × %3）。ストリームのその部分が壊れています。</translation>
    </message>
    <message>
        <source>frame %1 is %2 x %3 pixels, over the %4-megapixel limit DenseScope plays (the video&apos;s header said %5 x %6). Scale the video down first.</source>
        <translation>フレーム %1 が %2 × %3 ピクセルで、DenseScope が再生できる %4 メガピクセルの上限を超えています（動画のヘッダーでは %5 × %6）。先に動画を縮小してください。</translation>
    </message>
</context>
<context>
    <name>ds::net</name>
    <message>
        <source>%1 carries no hash in its name (torch.hub names files NAME-HASH.pth), so it cannot be verified.</source>
        <translation>%1 のファイル名にハッシュがないため（torch.hub のファイル名は NAME-HASH.pth の形です）、検証できません。</translation>
    </message>
    <message>
        <source>%1 is damaged or not the published file: its SHA-256 starts with %2, its name says %3. Delete it and download it again.</source>
        <translation>%1 は壊れているか、公開されているファイルではありません。SHA-256 は %2 で始まりますが、ファイル名では %3 です。削除してからもう一度ダウンロードしてください。</translation>
    </message>
    <message>
        <source>%1 is damaged or not the published file: it has %2 bytes, the published file has %3. Delete it and download it again.</source>
        <translation>%1 は壊れているか、公開されているファイルではありません。サイズが %2 バイトですが、公開されているファイルは %3 バイトです。削除してからもう一度ダウンロードしてください。</translation>
    </message>
    <message>
        <source>%1 is not the published file: its SHA-256 is %2, the published file&apos;s is %3. Only the start matches, as a file forged to pass torch.hub&apos;s check would. Delete it, and download it from the official address.</source>
        <translation>%1 は公開されているファイルではありません。SHA-256 は %2 ですが、公開されているファイルは %3 です。torch.hub の検査を通るように偽造されたファイルと同じく、先頭だけが一致しています。削除して、公式のアドレスからダウンロードしてください。</translation>
    </message>
</context>
<context>
    <name>ds::net::WeightsDownloader</name>
    <message>
        <source> Without network access: download %1 on another computer and put it, under that name, in %2.</source>
        <translation> ネットワークに接続できない場合: 別のコンピューターで %1 をダウンロードし、同じファイル名のまま %2 に置いてください。</translation>
    </message>
    <message>
        <source>There is no file at %1 (HTTP %2). Check the address; a mirror set with DENSESCOPE_WEIGHTS_BASE_URL must hold the official file names.</source>
        <translation>%1 にファイルがありません（HTTP %2）。アドレスを確認してください。DENSESCOPE_WEIGHTS_BASE_URL で指定したミラーには、公式と同じファイル名で置かれている必要があります。</translation>
    </message>
    <message>
        <source>The server %1 failed (HTTP %2). Try again later: what was downloaded is kept, and the download resumes.</source>
        <translation>サーバー %1 でエラーが起きました（HTTP %2）。しばらくしてからもう一度試してください。ダウンロード済みの部分は残してあり、続きから再開します。</translation>
    </message>
    <message>
        <source>The server %1 refused the download (HTTP %2: %3).</source>
        <translation>サーバー %1 がダウンロードを拒否しました（HTTP %2: %3）。</translation>
    </message>
    <message>
        <source>No data arrived from %1 for %2 seconds. The network may be down or very slow: try again; the download resumes where it stopped.</source>
        <translation>%1 から %2 秒間データが届きませんでした。ネットワークが切れているか、とても遅い可能性があります。もう一度試してください。ダウンロードは止まったところから再開します。</translation>
    </message>
    <message>
        <source>The connection to %1 closed after %2. Try again: the download resumes where it stopped.</source>
        <translation>%1 との接続が %2 の時点で閉じられました。もう一度試してください。ダウンロードは止まったところから再開します。</translation>
    </message>
    <message>
        <source>The secure connection to %1 failed (%2). Check the computer&apos;s date and time, or a proxy that intercepts HTTPS.</source>
        <translation>%1 との安全な接続に失敗しました（%2）。コンピューターの日付と時刻、または HTTPS を中継するプロキシを確認してください。</translation>
    </message>
    <message>
        <source>%1 redirected the download somewhere it will not follow (%2). Check the address.</source>
        <translation>%1 はダウンロードを、たどれない転送先にリダイレクトしました（%2）。アドレスを確認してください。</translation>
    </message>
    <message>
        <source>The proxy failed (%1). Check the proxy settings (http_proxy, https_proxy).</source>
        <translation>プロキシでエラーが起きました（%1）。プロキシの設定（http_proxy、https_proxy）を確認してください。</translation>
    </message>
    <message>
        <source>%1 cannot be reached (%2). Check the network connection and the proxy settings, then try again.</source>
        <translation>%1 に接続できません（%2）。ネットワーク接続とプロキシの設定を確認してから、もう一度試してください。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a download address: give a full URL such as https://download.pytorch.org/models/densenet121-a639ec97.pth.</source>
        <translation>&apos;%1&apos; はダウンロード先のアドレスではありません。https://download.pytorch.org/models/densenet121-a639ec97.pth のような完全な URL を指定してください。</translation>
    </message>
    <message>
        <source>The file name %1 carries no hash (torch.hub names files NAME-HASH.pth, e.g. densenet121-a639ec97.pth), so the download could not be verified: use an address whose file name has one.</source>
        <translation>ファイル名 %1 にハッシュがないため（torch.hub のファイル名は NAME-HASH.pth の形です。例: densenet121-a639ec97.pth）、ダウンロードしたファイルを検証できません。ファイル名にハッシュを含むアドレスを使ってください。</translation>
    </message>
    <message>
        <source>The folder %1 cannot be created: check its permissions, or set TORCH_HOME to a folder you can write to.</source>
        <translation>フォルダー %1 を作成できません。権限を確認するか、TORCH_HOME に書き込めるフォルダーを設定してください。</translation>
    </message>
    <message>
        <source>Download cancelled before it started.</source>
        <translation>ダウンロードは始まる前にキャンセルしました。</translation>
    </message>
    <message>
        <source>%1 cannot be written: %2. Check the folder&apos;s permissions and free space.</source>
        <translation>%1 に書き込めません: %2。フォルダーの権限と空き容量を確認してください。</translation>
    </message>
    <message>
        <source>Download cancelled after %1. The part downloaded is kept in %2: downloading again resumes there.</source>
        <translation>%1 の時点でダウンロードをキャンセルしました。ダウンロード済みの部分は %2 に残してあり、もう一度ダウンロードするとそこから再開します。</translation>
    </message>
    <message>
        <source>The connection to %1 ended after %2 of %3. Try again: the download resumes where it stopped.</source>
        <translation>%1 との接続が %3 のうち %2 の時点で切れました。もう一度試してください。ダウンロードは止まったところから再開します。</translation>
    </message>
    <message>
        <source>The downloaded file is not the published one: its SHA-256 starts with %1, but its name says %2. It was deleted; nothing was saved. Check the address (or the mirror in DENSESCOPE_WEIGHTS_BASE_URL) and try again.</source>
        <translation>ダウンロードしたファイルは公開されているものと一致しません。SHA-256 は %1 で始まりますが、ファイル名では %2 です。ファイルは削除し、何も保存していません。アドレス（または DENSESCOPE_WEIGHTS_BASE_URL のミラー）を確認して、もう一度試してください。</translation>
    </message>
    <message>
        <source>%1 could not be renamed to %2: %3.</source>
        <translation>%1 の名前を %2 に変更できませんでした: %3。</translation>
    </message>
    <message>
        <source>The disk is full: free some space in %1, then try again: the download resumes.</source>
        <translation>ディスクがいっぱいです。%1 の空き容量を増やしてから、もう一度試してください。ダウンロードは続きから再開します。</translation>
    </message>
    <message>
        <source>The disk is full: free %1 in %2 (the file needs %3 more), then try again: the download resumes.</source>
        <translation>ディスクがいっぱいです。%2 で %1 の空きを作ってから（ファイルにはあと %3 必要です）、もう一度試してください。ダウンロードは続きから再開します。</translation>
    </message>
    <message>
        <source>%1 redirected the download to %2, which is not an HTTP(S) address: refused. Check the address (or the mirror in DENSESCOPE_WEIGHTS_BASE_URL).</source>
        <translation>%1 はダウンロードを %2 にリダイレクトしましたが、これは HTTP(S) のアドレスではないため拒否しました。アドレス（または DENSESCOPE_WEIGHTS_BASE_URL のミラー）を確認してください。</translation>
    </message>
    <message>
        <source>The download from %1 was slower than %2 for %3 s (%4 bytes arrived): the network or the server is too slow. Try again later: the download resumes where it stopped.</source>
        <translation>%1 からのダウンロードが %3 秒間 %2 より遅いままでした（届いたのは %4 バイト）。ネットワークかサーバーが遅すぎます。しばらくしてからもう一度試してください。ダウンロードは止まったところから再開します。</translation>
    </message>
    <message>
        <source>%1 is already being downloaded (by another DenseScope window or densescope-cli, perhaps on another computer sharing this folder). Wait for that download to finish; if none is running, delete %2.</source>
        <translation>%1 はすでにダウンロード中です（別の DenseScope ウィンドウまたは densescope-cli。このフォルダーを共有する別のコンピューターかもしれません）。そのダウンロードが終わるまでお待ちください。どれも動いていない場合は %2 を削除してください。</translation>
    </message>
    <message>
        <source>The folder %1 cannot be written to, so %2 cannot be downloaded into it. Make it writable, or set TORCH_HOME to a folder you can write to.</source>
        <translation>フォルダー %1 に書き込めないため、%2 をそこにダウンロードできません。書き込めるようにするか、TORCH_HOME に書き込めるフォルダーを設定してください。</translation>
    </message>
    <message>
        <source>%1 sent %2 encoded (Content-Encoding: %3), not as stored, though DenseScope asked for the stored bytes: refused, nothing was saved. Use another mirror, or the official address.</source>
        <translation>DenseScope は保存されたままのバイト列を求めましたが、%1 は %2 を符号化して（Content-Encoding: %3）送ってきたため拒否しました。何も保存していません。別のミラーか公式のアドレスを使ってください。</translation>
    </message>
    <message>
        <source>%1 answered with a part of %2 that does not fit (Content-Range: %3; DenseScope asked for bytes %4 on): refused. What was downloaded before is kept. Try again later, or use another mirror.</source>
        <translation>%1 は %2 の、求めた範囲と合わない部分を返したため拒否しました（Content-Range: %3。DenseScope が求めたのは %4 バイト目以降）。それまでにダウンロードした部分は残してあります。しばらくしてからもう一度試すか、別のミラーを使ってください。</translation>
    </message>
    <message>
        <source>%1 offers %2 bytes for %3, but the published file has %4: it is not the published file, refused, nothing was saved. Check the address (or the mirror in DENSESCOPE_WEIGHTS_BASE_URL).</source>
        <translation>%1 は %3 として %2 バイトを送ろうとしましたが、公開されているファイルは %4 バイトです。公開されているファイルではないため拒否し、何も保存していません。アドレス（または DENSESCOPE_WEIGHTS_BASE_URL のミラー）を確認してください。</translation>
    </message>
    <message>
        <source>%1 sent more than the %2 that %3 has: refused, and what it sent was deleted. Check the address (or the mirror in DENSESCOPE_WEIGHTS_BASE_URL).</source>
        <translation>%1 は %3 の大きさ（%2）を超えて送ってきたため拒否し、受け取った分は削除しました。アドレス（または DENSESCOPE_WEIGHTS_BASE_URL のミラー）を確認してください。</translation>
    </message>
    <message>
        <source>Writing %1 failed: %2. Check the folder %3 and try again: the download resumes.</source>
        <translation>%1 への書き込みに失敗しました: %2。フォルダー %3 を確認してから、もう一度試してください。ダウンロードは続きから再開します。</translation>
    </message>
    <message>
        <source>Saving %1 to the disk failed: %2. Check the folder %3 and try again: the download resumes.</source>
        <translation>%1 をディスクに保存できませんでした: %2。フォルダー %3 を確認してから、もう一度試してください。ダウンロードは続きから再開します。</translation>
    </message>
    <message>
        <source>%1 holds %2 bytes on the disk where %3 were written. Check the disk and try again.</source>
        <translation>%3 バイトを書き込んだのに、ディスク上の %1 は %2 バイトです。ディスクを確認してから、もう一度試してください。</translation>
    </message>
    <message>
        <source> It was deleted; nothing was saved.</source>
        <translation> ファイルは削除し、何も保存していません。</translation>
    </message>
</context>
<context>
    <name>ds::ui::AttributionPanel</name>
    <message>
        <source>Saliency</source>
        <translation>サリエンシー</translation>
    </message>
    <message>
        <source>Input × gradient</source>
        <translation>入力 × 勾配</translation>
    </message>
    <message>
        <source>Integrated Gradients (slow)</source>
        <translation>Integrated Gradients（時間がかかります）</translation>
    </message>
    <message>
        <source>SmoothGrad (slow)</source>
        <translation>SmoothGrad（時間がかかります）</translation>
    </message>
    <message>
        <source>Guided backprop</source>
        <translation>ガイド付き逆伝播</translation>
    </message>
    <message>
        <source>Deconvolution</source>
        <translation>逆畳み込み（デコンボリューション）</translation>
    </message>
    <message>
        <source>Guided Grad-CAM</source>
        <translation>ガイド付き Grad-CAM</translation>
    </message>
    <message>
        <source>Occlusion (slow)</source>
        <translation>遮蔽（オクルージョン、時間がかかります）</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>手法</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>クラス</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>PNG をエクスポート…</translation>
    </message>
    <message>
        <source>The map over a grey copy of the 224×224 network input</source>
        <translation>224×224 のネットワークへの入力をグレーにした上に重ねたマップ</translation>
    </message>
    <message>
        <source>Export NPY…</source>
        <translation>NPY をエクスポート…</translation>
    </message>
    <message>
        <source>The raw attribution, float32 [3, 224, 224] over the normalised input</source>
        <translation>生の寄与、正規化済みの入力に対する float32 [3, 224, 224]</translation>
    </message>
    <message>
        <source>&lt;b&gt;How to read this.&lt;/b&gt; Each pixel&apos;s brightness says how much that pixel of the network input counts for the explained class&apos;s score (before softmax): the three colour channels&apos; absolute values added, scaled so the brightest 1 % are full. &lt;b&gt;Saliency&lt;/b&gt;: the gradient&apos;s size, where a small change moves the score most. &lt;b&gt;Input × gradient&lt;/b&gt; and &lt;b&gt;Integrated Gradients&lt;/b&gt; weigh the gradient by the pixel itself; Integrated Gradients averages the gradient along the way from a black (zero) input, so the map adds up to the score&apos;s change. &lt;b&gt;SmoothGrad&lt;/b&gt; averages saliency over noisy copies: less speckle. &lt;b&gt;Guided backprop&lt;/b&gt; and &lt;b&gt;Deconvolution&lt;/b&gt; let only positive signals back through every ReLU: sharp, edge-like pictures that show what the network picks up more than where the class is. &lt;b&gt;Guided Grad-CAM&lt;/b&gt; multiplies guided backprop by Grad-CAM at the selected layer. &lt;b&gt;Occlusion&lt;/b&gt; hides each 16×16 patch in turn and measures the score&apos;s drop: slow (729 passes) but needs no gradient. With untrained (random) weights the maps mean nothing.</source>
        <translation>&lt;b&gt;見方：&lt;/b&gt;各画素の明るさは、ネットワークへの入力のその画素が説明対象のクラスのスコア（ソフトマックスの前）にどれだけ効いているかを表します。3 つの色チャンネルの絶対値を足し、上位 1 % が最大の明るさになるように調整しています。&lt;b&gt;サリエンシー&lt;/b&gt;：勾配の大きさ。少し変えるとスコアが最も大きく動く場所です。&lt;b&gt;入力 × 勾配&lt;/b&gt;と &lt;b&gt;Integrated Gradients&lt;/b&gt; は勾配を画素の値そのもので重み付けします。Integrated Gradients は黒（ゼロ）の入力からの道のりに沿って勾配を平均するので、マップの和がスコアの変化に一致します。&lt;b&gt;SmoothGrad&lt;/b&gt; はノイズを加えたコピーでサリエンシーを平均し、ざらつきを抑えます。&lt;b&gt;ガイド付き逆伝播&lt;/b&gt;と&lt;b&gt;逆畳み込み&lt;/b&gt;は、すべての ReLU で正の信号だけを逆向きに通します。輪郭のようなシャープな絵になり、クラスがどこにあるかよりも、ネットワークが何を拾っているかを示します。&lt;b&gt;ガイド付き Grad-CAM&lt;/b&gt; はガイド付き逆伝播に、選択中の層の Grad-CAM を掛けたものです。&lt;b&gt;遮蔽&lt;/b&gt;は 16×16 の区画を 1 つずつ隠してスコアの下がり方を測ります。時間はかかります（729 回の推論）が、勾配を使いません。ランダムな重み（未学習）では、マップに意味はありません。</translation>
    </message>
    <message>
        <source>Top-1</source>
        <translation>Top-1</translation>
    </message>
    <message>
        <source>Top-1: %1</source>
        <translation>Top-1：%1</translation>
    </message>
    <message>
        <source>%1 (%2), %3 %</source>
        <translation>%1（%2）、%3 %</translation>
    </message>
    <message>
        <source>class %1</source>
        <translation>クラス %1</translation>
    </message>
    <message>
        <source>Computing… (this method takes a while)</source>
        <translation>計算中…（この手法は時間がかかります）</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>計算中…</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>キャンセルしました。</translation>
    </message>
    <message>
        <source>Could not compute the attribution: %1</source>
        <translation>寄与を計算できませんでした：%1</translation>
    </message>
    <message>
        <source>Open an image to see which pixels count.</source>
        <translation>画像を開くと、どの画素が効いているかが見られます。</translation>
    </message>
    <message>
        <source>Explaining &lt;b&gt;%1&lt;/b&gt; (class %2, %3 %)</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; を説明中（クラス %2、%3 %）</translation>
    </message>
    <message>
        <source>Sum of the map %1; score change from a black input %2 (gap %3)</source>
        <translation>マップの和 %1、黒の入力からのスコアの変化 %2（差 %3）</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Export PNG</source>
        <translation>PNG をエクスポート</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 画像 (*.png)</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>%1 に書き込めませんでした。</translation>
    </message>
    <message>
        <source>Export NPY</source>
        <translation>NPY をエクスポート</translation>
    </message>
    <message>
        <source>NumPy arrays (*.npy)</source>
        <translation>NumPy 配列 (*.npy)</translation>
    </message>
</context>
<context>
    <name>ds::ui::BuiltinLesson</name>
    <message>
        <source>this DenseNet</source>
        <translation>この DenseNet</translation>
    </message>
    <message>
        <source>DenseNet, step by step (%1)</source>
        <translation>DenseNet を一歩ずつ（%1）</translation>
    </message>
    <message>
        <source>A picture and its guess</source>
        <translation>画像と予測</translation>
    </message>
    <message>
        <source>This is %1: %2 layers with weights and %3 parameters. It reads a 224 × 224 image and gives a probability for each of its %4 classes. Today we look inside, one step at a time.</source>
        <translation>これは %1 です。重みを持つ層が %2 層、パラメータ数は %3 です。224×224 の画像を入力し、%4 クラスそれぞれの確率を出力します。今日はその中を一歩ずつ見ていきます。</translation>
    </message>
    <message>
        <source>Why connect every layer?</source>
        <translation>なぜすべての層をつなぐのか</translation>
    </message>
    <message>
        <source>In a plain network each layer reads only the layer before it. In a Dense Block each layer reads the feature maps of every earlier layer, concatenated along the channel axis. Features are reused instead of learned again and the gradient reaches early layers directly, so each layer can stay narrow: it adds only k = %1 channels.</source>
        <translation>普通のネットワークでは、各層は直前の層の出力だけを読みます。Dense Block では、各層がそれまでのすべての層の特徴マップをチャンネル方向に結合して読みます。特徴を学び直さずに再利用でき、勾配も前の層へ直接届くので、各層は細いままで済みます。1 層が加えるのは k = %1 チャンネルだけです。</translation>
    </message>
    <message>
        <source>The Dense Layer</source>
        <translation>Dense Layer</translation>
    </message>
    <message>
        <source>Dense Layer %1 of Dense Block 1 reads k0 + k(l − 1) = %2 + %3 × %4 = %5 channels: the block&apos;s input and the outputs of the %4 Dense Layers before it. It applies BN → ReLU → Conv twice and makes k = %3 new feature maps, which are concatenated to everything before them.</source>
        <translation>Dense Block 1 の %1 個目の Dense Layer の入力チャンネル数は k0 + k(l − 1) = %2 + %3 × %4 = %5 です。ブロックへの入力と、その前の %4 個の Dense Layer の出力です。BN → ReLU → Conv を 2 回行って k = %3 枚の新しい特徴マップを作り、それまでのすべての出力にチャンネル方向に結合します。</translation>
    </message>
    <message>
        <source>Dense Block and growth rate</source>
        <translation>Dense Block と growth rate</translation>
    </message>
    <message>
        <source>The growth rate k = %1 is how many channels each Dense Layer adds. Dense Block 1 starts with %2 channels and its %3 layers grow them to %2 + %3 × %1 = %4. The chart shows the channel count climb in each block and drop at each Transition Layer.</source>
        <translation>growth rate（成長率）k = %1 は、各 Dense Layer が加えるチャンネル数です。Dense Block 1 は %2 チャンネルで始まり、%3 個の Dense Layer で %2 + %3 × %1 = %4 チャンネルまで増えます。グラフでは、チャンネル数がブロックの中で増え、Transition Layer で減る様子が見えます。</translation>
    </message>
    <message>
        <source>Bottleneck: 1×1 first</source>
        <translation>ボトルネック：まず 1×1</translation>
    </message>
    <message>
        <source>Late in a block the input is wide: Dense Layer %1 of Dense Block %2 reads %3 channels. A 1×1 convolution first reduces them to %4k = %5 (the bottleneck), and only then does the 3×3 convolution make k = %6 new channels. So each layer stays cheap, however many layers came before it.</source>
        <translation>ブロックの後半では入力が太くなります。Dense Block %2 の %1 個目の Dense Layer の入力チャンネル数は %3 です。まず 1×1 の畳み込みで %4k = %5 チャンネルに削減し（ボトルネック）、そのあとで 3×3 の畳み込みが k = %6 チャンネルを作ります。前に何層あっても、各層の計算は小さいままです。</translation>
    </message>
    <message>
        <source>Transition Layer and compression</source>
        <translation>Transition Layer と圧縮</translation>
    </message>
    <message>
        <source>Between blocks a Transition Layer (BN → ReLU → 1×1 Conv → 2×2 average pooling) halves the size of the maps, %1 × %1 to %2 × %2. Compression θ = %3 reduces the channels too: %4 → %5. Bottleneck and compression together make this a DenseNet-BC.</source>
        <translation>ブロックの間の Transition Layer（BN → ReLU → 1×1 Conv → 2×2 の平均プーリング）は、特徴マップの大きさを %1×%1 から %2×%2 に半分にします。圧縮率 θ = %3 でチャンネル数も削減します：%4 → %5。ボトルネックと圧縮を合わせたものが DenseNet-BC です。</translation>
    </message>
    <message>
        <source>The whole network</source>
        <translation>ネットワーク全体</translation>
    </message>
    <message>
        <source>The stem makes k0 = %1 channels at %2 × %2. Then come %3 Dense Blocks of %4 layers; the channels leaving them are %5. Global Average Pooling and one fully connected layer turn the last %6 channels into %7 classes: %8 parameters in all.</source>
        <translation>最初の層（stem）が %2×%2 の k0 = %1 チャンネルを作ります。続いて %4 層からなる %3 個の Dense Block があり、それぞれの出力チャンネル数は %5 です。Global Average Pooling と分類用の全結合層が最後の %6 チャンネルを %7 クラスに変えます。パラメータ数は全部で %8 です。</translation>
    </message>
    <message>
        <source>What the first block sees</source>
        <translation>最初のブロックが見るもの</translation>
    </message>
    <message>
        <source>These are the feature maps of Dense Block 1: %1 channels at %2 × %2. The first %3 come from the stem, then each Dense Layer adds %4; the colour under a map says which layer made it. Early maps answer to edges, colours and simple textures.</source>
        <translation>Dense Block 1 の特徴マップです：%2×%2 の %1 チャンネル。最初の %3 チャンネルは stem から来て、そのあと各 Dense Layer が %4 チャンネルずつ加えます。特徴マップの下の色が、どの層が作ったかを示します。前の方の特徴マップはエッジ、色、単純な模様に反応します。</translation>
    </message>
    <message>
        <source>What the last block sees</source>
        <translation>最後のブロックが見るもの</translation>
    </message>
    <message>
        <source>Dense Block %1 works at %2 × %2 and leaves %3 channels. Each position now sees a large part of the image, and the maps answer to parts of objects rather than edges. Many channels are the ones earlier layers made: passed on, not computed again.</source>
        <translation>Dense Block %1 は %2×%2 で計算し、%3 チャンネルを出力します。各位置は画像の広い範囲を見ていて、特徴マップはエッジではなく物体の部分に反応します。多くのチャンネルは前の層が作ったもので、計算し直さずにそのまま渡されています。</translation>
    </message>
    <message>
        <source>One channel on the image</source>
        <translation>画像に重ねた 1 チャンネル</translation>
    </message>
    <message>
        <source>One channel of Dense Block %1, laid over the image: bright where it responds. Its map is %2 × %2, so each cell covers about %3 × %3 pixels of the 224 × 224 input.</source>
        <translation>Dense Block %1 の 1 チャンネルを画像に重ねたものです。明るいところで強く反応しています。特徴マップは %2×%2 なので、1 マスが 224×224 の入力の約 %3×%3 ピクセルに当たります。</translation>
    </message>
    <message>
        <source>Where it looks</source>
        <translation>どこを見ているか</translation>
    </message>
    <message>
        <source>Grad-CAM weights each of the %1 channels at the end of the network by how much it raises the top class, adds them up and lays the result over the image, in %2 × %2 cells. Red marks where the network found its evidence. Red on the background means a right answer for a wrong reason.</source>
        <translation>Grad-CAM は、ネットワークの最後の %1 チャンネルを、それぞれが 1 位のクラスをどれだけ押し上げるかで重み付けして足し合わせ、%2×%2 のマスで画像に重ねます。赤いところが、ネットワークが根拠を見つけた場所です。赤が背景にあれば、正しい答えを間違った理由で出しています。</translation>
    </message>
    <message>
        <source>Where it looks, block by block</source>
        <translation>ブロックごとに見る場所</translation>
    </message>
    <message>
        <source>The same map after each Dense Block, at %1. Early blocks react to edges all over the image; the last ones gather on the object. The deeper the block, the coarser and the surer the map.</source>
        <translation>各 Dense Block の後の同じマップです（%1）。前のブロックは画像全体のエッジに反応し、後のブロックは物体に集まります。奥のブロックほど、マップは粗く、確かになります。</translation>
    </message>
    <message>
        <source>Feature reuse</source>
        <translation>特徴の再利用</translation>
    </message>
    <message>
        <source>Each square shows how strongly a Dense Layer uses the output of an earlier one: the mean absolute weight its 1×1 convolution gives those channels. In Dense Block %1 each of the %2 Dense Layers can read every earlier output. Bright squares far from the diagonal are old features still in use.</source>
        <translation>各マスは、ある Dense Layer が前の層の出力をどれだけ使っているかを示します：1×1 の畳み込みがそのチャンネルに掛ける重みの絶対値の平均です。Dense Block %1 の %2 個の Dense Layer は、それぞれそれより前のすべての出力を読めます。対角線から離れた明るいマスは、古い特徴がまだ使われている印です。</translation>
    </message>
    <message>
        <source>What a channel wants to see</source>
        <translation>チャンネルが見たいもの</translation>
    </message>
    <message>
        <source>Starting from noise, the image is changed step by step to excite one of the %1 channels of Dense Block %2 as much as possible. The result is the pattern that channel looks for: stripes and colours early in the network, parts of objects deep in it.</source>
        <translation>ノイズから始めて、Dense Block %2 の %1 チャンネルのうち 1 つが最も強く反応するように、画像を少しずつ変えていきます。結果は、そのチャンネルが探している模様です：ネットワークの前の方では縞や色、奥では物体の部分です。</translation>
    </message>
    <message>
        <source>Teaching it new classes</source>
        <translation>新しいクラスを教える</translation>
    </message>
    <message>
        <source>The %1 numbers that Global Average Pooling makes describe an image well enough to learn new classes from a few examples. Teach keeps the network as it is and trains only a new classifier, %1 × n weights for n classes, on pictures from the camera. A few dozen frames per class are often enough.</source>
        <translation>Global Average Pooling が作る %1 個の数は画像をよく表しているので、少ない例から新しいクラスを学べます。Teach はネットワークをそのままにして、カメラの画像で新しい分類器（n クラスで %1 × n 個の重み）だけを学習します。1 クラスにつき数十フレームで足りることがよくあります。</translation>
    </message>
</context>
<context>
    <name>ds::ui::CamFaithfulness</name>
    <message>
        <source>There is no image to measure yet.</source>
        <translation>測定する画像がまだありません。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Faithfulness&lt;/b&gt;</source>
        <translation>&lt;b&gt;忠実性&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Does the map show what the network really uses? ROAD fills in the image where the map is brightest (MoRF) or darkest (LeRF) and measures the class&apos;s score (logit) again; combined = (LeRF − MoRF) / 2, higher is more faithful. Confidence change: the score of the image multiplied by the map, minus the score of the image.</source>
        <translation>このマップはネットワークが実際に使っているものを示しているか？ ROAD は、マップが最も明るい所から（MoRF）または最も暗い所から（LeRF）画像を周りの画素で埋め、クラスのスコア（ロジット）をもう一度測ります。総合値 = (LeRF − MoRF) / 2 で、高いほど忠実です。確信度の変化：画像にマップを掛けたときのスコアから、元の画像のスコアを引いた値です。</translation>
    </message>
    <message>
        <source>Measure the shown map&apos;s faithfulness (20 passes through the network)</source>
        <translation>表示中のマップの忠実性を測定（ネットワークに 20 回通します）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>測定</translation>
    </message>
    <message>
        <source>Measuring…</source>
        <translation>測定中…</translation>
    </message>
    <message>
        <source>ROAD &lt;b&gt;%1&lt;/b&gt; (MoRF %2, LeRF %3)&lt;br&gt;Confidence change %4</source>
        <translation>ROAD &lt;b&gt;%1&lt;/b&gt;（MoRF %2、LeRF %3）&lt;br&gt;確信度の変化 %4</translation>
    </message>
    <message>
        <source>Could not measure: %1</source>
        <translation>測定できませんでした: %1</translation>
    </message>
    <message>
        <source>Not measured for this map yet.</source>
        <translation>このマップはまだ測定していません。</translation>
    </message>
</context>
<context>
    <name>ds::ui::CamPanel</name>
    <message>
        <source>stem</source>
        <translation>ステム</translation>
    </message>
    <message>
        <source>block %1</source>
        <translation>ブロック %1</translation>
    </message>
    <message>
        <source>trans. %1</source>
        <translation>Transition %1</translation>
    </message>
    <message>
        <source>Grad-CAM</source>
        <translation>Grad-CAM</translation>
    </message>
    <message>
        <source>Grad-CAM++</source>
        <translation>Grad-CAM++</translation>
    </message>
    <message>
        <source>LayerCAM</source>
        <translation>LayerCAM</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>手法</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>クラス</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <source>How strongly the map covers the image</source>
        <translation>マップを画像にどれだけ濃く重ねるか</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>PNG をエクスポート…</translation>
    </message>
    <message>
        <source>The overlay on the 224×224 network input, with a colour bar</source>
        <translation>ネットワークへの入力（224×224）に重ねたマップ（カラーバー付き）</translation>
    </message>
    <message>
        <source>Export NPY…</source>
        <translation>NPY をエクスポート…</translation>
    </message>
    <message>
        <source>The raw map, float32 [H, W] at the layer&apos;s resolution</source>
        <translation>正規化前のマップ（float32 [H, W]、層の解像度のまま）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Through the network&lt;/b&gt; (one pass; click a map to select its layer)</source>
        <translation>&lt;b&gt;ネットワークの奥へ&lt;/b&gt;（1 回の計算。マップをクリックするとその層を選択）</translation>
    </message>
    <message>
        <source>Top-1</source>
        <translation>Top-1</translation>
    </message>
    <message>
        <source>Top-1: %1</source>
        <translation>Top-1：%1</translation>
    </message>
    <message>
        <source>%1 (%2), %3 %</source>
        <translation>%1（%2）、%3 %</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>class %1</source>
        <translation>クラス %1</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>計算中…</translation>
    </message>
    <message>
        <source>Could not compute the map: %1</source>
        <translation>マップを計算できませんでした：%1</translation>
    </message>
    <message>
        <source>Open an image to see where the network looks.</source>
        <translation>画像を開くと、ネットワークがどこを見ているかを表示します。</translation>
    </message>
    <message>
        <source>Explaining &lt;b&gt;%1&lt;/b&gt; (class %2, %3 %)</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; を説明中（クラス %2、%3 %）</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>%1: %2×%3, max %4</source>
        <translation>%1：%2×%3、最大 %4</translation>
    </message>
    <message>
        <source>Export PNG</source>
        <translation>PNG をエクスポート</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 画像 (*.png)</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>%1 に書き込めませんでした。</translation>
    </message>
    <message>
        <source>Export NPY</source>
        <translation>NPY をエクスポート</translation>
    </message>
    <message>
        <source>NumPy arrays (*.npy)</source>
        <translation>NumPy 配列 (*.npy)</translation>
    </message>
    <message>
        <source>Channels weighted by their mean gradient: smooth, coarse maps</source>
        <translation>各チャンネルを勾配の平均で重み付け：滑らかで粗いマップ</translation>
    </message>
    <message>
        <source>Weights from positive gradients only: several objects of the class show up</source>
        <translation>正の勾配だけから重みを計算：同じクラスの物体が複数あってもそれぞれ現れます</translation>
    </message>
    <message>
        <source>Each position&apos;s own positive gradient: sharp, also in early layers</source>
        <translation>位置ごとの正の勾配をそのまま使用：シャープで、浅い層でも使えます</translation>
    </message>
    <message>
        <source>HiResCAM</source>
        <translation>HiResCAM</translation>
    </message>
    <message>
        <source>Gradient times activation at each position, summed: what the score really adds up</source>
        <translation>位置ごとの勾配×活性化の和：スコアに実際に足し込まれる量</translation>
    </message>
    <message>
        <source>Grad-CAM element-wise</source>
        <translation>Grad-CAM（要素ごと）</translation>
    </message>
    <message>
        <source>Like HiResCAM, but only positive products count</source>
        <translation>HiResCAM と同様ですが、正の積だけを数えます</translation>
    </message>
    <message>
        <source>XGrad-CAM</source>
        <translation>XGrad-CAM</translation>
    </message>
    <message>
        <source>Channels weighted by gradient times activation, normalised</source>
        <translation>勾配×活性化（正規化）で各チャンネルを重み付け</translation>
    </message>
    <message>
        <source>Eigen-CAM</source>
        <translation>Eigen-CAM</translation>
    </message>
    <message>
        <source>The activations&apos; main component: no gradient, the same for every class</source>
        <translation>活性化の第 1 主成分：勾配を使わず、どのクラスでも同じマップ</translation>
    </message>
    <message>
        <source>EigenGrad-CAM</source>
        <translation>EigenGrad-CAM</translation>
    </message>
    <message>
        <source>The main component of gradient times activation</source>
        <translation>勾配×活性化の第 1 主成分</translation>
    </message>
    <message>
        <source>Score-CAM (slow)</source>
        <translation>Score-CAM（低速）</translation>
    </message>
    <message>
        <source>Each channel masks the image and the class&apos;s score weights it: one forward per channel</source>
        <translation>各チャンネルで画像をマスクし、クラスのスコアで重み付け：チャンネルごとに 1 回の順伝播</translation>
    </message>
    <message>
        <source>Ablation-CAM (slow)</source>
        <translation>Ablation-CAM（低速）</translation>
    </message>
    <message>
        <source>How much the score drops when each channel is removed: one partial forward per channel</source>
        <translation>各チャンネルを取り除いたときのスコアの低下：チャンネルごとに途中からの順伝播を 1 回</translation>
    </message>
    <message>
        <source>FEM</source>
        <translation>FEM</translation>
    </message>
    <message>
        <source>Channels weighted by how often they stand out: no gradient, class-independent</source>
        <translation>突出した値を持つ位置の割合で各チャンネルを重み付け：勾配を使わず、クラスに依存しません</translation>
    </message>
    <message>
        <source>Eigen-smooth</source>
        <translation>Eigen 平滑化</translation>
    </message>
    <message>
        <source>Show the weighted channels&apos; first principal component instead of their sum: less noise (not for Eigen-CAM and EigenGrad-CAM)</source>
        <translation>重み付けしたチャンネルの和の代わりに第 1 主成分を表示：ノイズが減ります（Eigen-CAM と EigenGrad-CAM には効きません）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>&lt;b&gt;How to read this.&lt;/b&gt; Bright regions are where the layer&apos;s features raise the score of the explained class: each channel of the layer&apos;s output is weighted by the gradient of the class&apos;s score (before softmax) and the positive sum is shown, stretched to the image. &lt;b&gt;Grad-CAM&lt;/b&gt; weights each channel by its average gradient: smooth, coarse maps. &lt;b&gt;Grad-CAM++&lt;/b&gt; weights only positive gradients, pixel by pixel, so several objects of the class show up. &lt;b&gt;LayerCAM&lt;/b&gt; keeps each position&apos;s own positive gradient: sharper maps that also work in early layers. &lt;b&gt;HiResCAM&lt;/b&gt; and &lt;b&gt;Grad-CAM element-wise&lt;/b&gt; multiply gradient and activation at each position; &lt;b&gt;XGrad-CAM&lt;/b&gt; weights channels by that product. &lt;b&gt;Eigen-CAM&lt;/b&gt; and &lt;b&gt;FEM&lt;/b&gt; use no gradient and show the same map for every class. &lt;b&gt;Score-CAM&lt;/b&gt; and &lt;b&gt;Ablation-CAM&lt;/b&gt; test each channel with a forward pass (slow: only the selected layer is computed). Early layers see fine detail but little context; deep ones (7×7) see whole objects. Click a bar in the predictions to explain that class. With untrained (random) weights the maps mean nothing.</source>
        <translation>&lt;b&gt;見方：&lt;/b&gt;明るい領域は、その層の特徴が説明対象のクラスのスコアを押し上げている場所です。層の出力の各チャンネルをクラスのスコア（ソフトマックスの前）の勾配で重み付けし、正の部分の和を画像の大きさに引き伸ばして表示しています。&lt;b&gt;Grad-CAM&lt;/b&gt; は各チャンネルを勾配の平均で重み付けするため、滑らかで粗いマップになります。&lt;b&gt;Grad-CAM++&lt;/b&gt; は正の勾配だけを画素ごとに重み付けするので、同じクラスの物体が複数あってもそれぞれ現れます。&lt;b&gt;LayerCAM&lt;/b&gt; は位置ごとの正の勾配をそのまま使うため、よりシャープで、浅い層でも使えます。&lt;b&gt;HiResCAM&lt;/b&gt; と &lt;b&gt;Grad-CAM（要素ごと）&lt;/b&gt; は位置ごとに勾配と活性化を掛け合わせ、&lt;b&gt;XGrad-CAM&lt;/b&gt; はその積でチャンネルを重み付けします。&lt;b&gt;Eigen-CAM&lt;/b&gt; と &lt;b&gt;FEM&lt;/b&gt; は勾配を使わず、どのクラスでも同じマップになります。&lt;b&gt;Score-CAM&lt;/b&gt; と &lt;b&gt;Ablation-CAM&lt;/b&gt; はチャンネルごとに順伝播を行って確かめます（時間がかかるため、選択中の層だけを計算します）。浅い層は細部を見ますが周囲をほとんど見ず、深い層（7×7）は物体全体を見ます。予測のバーをクリックすると、そのクラスを説明します。ランダムな重み（未学習）では、マップに意味はありません。</translation>
    </message>
    <message>
        <source>%v of %m channels</source>
        <translation>%v / %m チャンネル</translation>
    </message>
    <message>
        <source>Computing: about %1 s left</source>
        <translation>計算中：残り約 %1 秒</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>キャンセルしました。</translation>
    </message>
</context>
<context>
    <name>ds::ui::CameraSource</name>
    <message>
        <source>The camera %1 stopped: %2. Check that no other program uses it and that you may use it, then start it again.</source>
        <translation>カメラ %1 が停止しました: %2。ほかのプログラムが使っていないこと、使用が許可されていることを確認してから、もう一度開始してください。</translation>
    </message>
    <message>
        <source>Camera: %1</source>
        <translation>カメラ: %1</translation>
    </message>
    <message>
        <source>No camera was found. Connect one, then choose it in the Live menu.</source>
        <translation>カメラが見つかりません。カメラを接続してから、ライブ メニューで選んでください。</translation>
    </message>
    <message>
        <source>The chosen camera is no longer connected. Connect it again or choose another in the Live menu.</source>
        <translation>選んだカメラが接続されていません。接続し直すか、ライブ メニューで別のカメラを選んでください。</translation>
    </message>
</context>
<context>
    <name>ds::ui::ChannelView</name>
    <message>
        <source>Click a channel to see it here</source>
        <translation>チャンネルをクリックするとここに表示されます</translation>
    </message>
</context>
<context>
    <name>ds::ui::Colormap</name>
    <message>
        <source>RdBu (signed)</source>
        <translation>RdBu（正負あり）</translation>
    </message>
</context>
<context>
    <name>ds::ui::ComparePanel</name>
    <message>
        <source>Grad-CAM element-wise</source>
        <translation>Grad-CAM（要素ごと）</translation>
    </message>
    <message>
        <source>Saliency</source>
        <translation>サリエンシー</translation>
    </message>
    <message>
        <source>Input × gradient</source>
        <translation>入力 × 勾配</translation>
    </message>
    <message>
        <source>Integrated Gradients</source>
        <translation>Integrated Gradients</translation>
    </message>
    <message>
        <source>Guided backprop</source>
        <translation>ガイド付き逆伝播</translation>
    </message>
    <message>
        <source>Deconvolution</source>
        <translation>逆畳み込み（デコンボリューション）</translation>
    </message>
    <message>
        <source>Guided Grad-CAM</source>
        <translation>ガイド付き Grad-CAM</translation>
    </message>
    <message>
        <source>Occlusion</source>
        <translation>遮蔽（オクルージョン）</translation>
    </message>
    <message>
        <source>ROAD, most faithful first</source>
        <translation>ROAD（忠実な順）</translation>
    </message>
    <message>
        <source>Confidence change</source>
        <translation>確信度の変化</translation>
    </message>
    <message>
        <source>Cost, cheapest first</source>
        <translation>計算量（軽い順）</translation>
    </message>
    <message>
        <source>Sort</source>
        <translation>並べ替え</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>CAM methods</source>
        <translation>CAM の手法</translation>
    </message>
    <message>
        <source>Pixel attributions</source>
        <translation>画素ごとの寄与</translation>
    </message>
    <message>
        <source>&lt;b&gt;Which map to trust?&lt;/b&gt; The methods disagree because they weigh the layer&apos;s channels differently: by the average gradient (Grad-CAM), position by position (HiResCAM, LayerCAM), by how much the score drops when a channel is removed (Ablation-CAM) or when the image is masked by it (Score-CAM), or without the class at all (Eigen-CAM, FEM: what the layer responds to most). &lt;b&gt;ROAD&lt;/b&gt; tests a map: it removes the pixels the map calls most important, fills them in smoothly from their neighbours, and sees how far the class&apos;s score falls; then the same with the least important pixels. A faithful map makes the score fall when its important pixels go and barely move when the unimportant ones go: &lt;b&gt;higher ROAD is more faithful&lt;/b&gt;. &lt;b&gt;Confidence change&lt;/b&gt; is how the score moves when the image is multiplied by the map (near 0 or above: the map keeps what the network needs). Click a map to open it in Where it looks.</source>
        <translation>&lt;b&gt;どのマップを信じるか？&lt;/b&gt; 手法によって結果が違うのは、層のチャンネルの重み付けが違うからです。勾配の平均で（Grad-CAM）、位置ごとに（HiResCAM、LayerCAM）、チャンネルを取り除いたときにスコアがどれだけ下がるかで（Ablation-CAM）、そのチャンネルで画像をマスクしたときのスコアで（Score-CAM）、あるいはクラスを使わずに（Eigen-CAM、FEM：層が最も強く反応するもの）重み付けします。&lt;b&gt;ROAD&lt;/b&gt; はマップを検証します。マップが最も重要だという画素を取り除いて周りの画素から滑らかに埋め、クラスのスコアがどれだけ下がるかを見ます。次に、最も重要でない画素で同じことをします。忠実なマップなら、重要な画素を取り除くとスコアが下がり、重要でない画素を取り除いてもほとんど変わりません。&lt;b&gt;ROAD が高いほど忠実です&lt;/b&gt;。&lt;b&gt;確信度の変化&lt;/b&gt;は、画像にマップを掛けたときのスコアの変化です（0 に近いか正なら、マップはネットワークに必要なものを残しています）。マップをクリックすると「どこを見ているか（CAM）」で開きます。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Pixel attributions&lt;/b&gt; say which input pixels move the class&apos;s score, at the image&apos;s full resolution: the gradient itself (saliency), times the input, averaged over a path from a black image (Integrated Gradients) or over noisy copies (SmoothGrad), with the ReLUs&apos; backward changed (guided backprop, deconvolution), combined with Grad-CAM (guided Grad-CAM), or by covering 16×16 patches one at a time (occlusion). They show edges and texture; CAMs show regions.</source>
        <translation>&lt;b&gt;画素ごとの寄与&lt;/b&gt;は、入力のどの画素がクラスのスコアを動かすかを、画像の解像度のまま示します。勾配そのもの（サリエンシー）、それに入力を掛けたもの、黒い画像からの経路で平均したもの（Integrated Gradients）、ノイズを加えたコピーで平均したもの（SmoothGrad）、ReLU の逆伝播を変えたもの（ガイド付き逆伝播、逆畳み込み）、Grad-CAM と組み合わせたもの（ガイド付き Grad-CAM）、16×16 の区画を一つずつ隠して測るもの（遮蔽）があります。これらは輪郭や質感を示し、CAM は領域を示します。</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>キャンセルしました</translation>
    </message>
    <message>
        <source>a forward pass per channel</source>
        <translation>チャンネルごとに順伝播 1 回</translation>
    </message>
    <message>
        <source>about %1 s</source>
        <translation>約 %1 秒</translation>
    </message>
    <message>
        <source>about %1 min</source>
        <translation>約 %1 分</translation>
    </message>
    <message>
        <source>Select a layer in the network tree.</source>
        <translation>ネットワークのツリーで層を選んでください。</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · class %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · クラス %2</translation>
    </message>
    <message>
        <source>top-1</source>
        <translation>1 位</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>待機中</translation>
    </message>
    <message>
        <source>click to compute</source>
        <translation>クリックで計算</translation>
    </message>
    <message>
        <source>computing…</source>
        <translation>計算中…</translation>
    </message>
    <message>
        <source>ROAD %1</source>
        <translation>ROAD %1</translation>
    </message>
    <message>
        <source>conf. %1</source>
        <translation>確信度 %1</translation>
    </message>
    <message>
        <source>no ROAD (constant map)</source>
        <translation>ROAD なし（一定のマップ）</translation>
    </message>
    <message>
        <source>%1: ROAD %2 (least relevant removed %3, most relevant removed %4), confidence change %5; %6 ms. Click to open it in Where it looks.</source>
        <translation>%1：ROAD %2（最も重要でない画素を除去 %3、最も重要な画素を除去 %4）、確信度の変化 %5、%6 ms。クリックすると「どこを見ているか（CAM）」で開きます。</translation>
    </message>
</context>
<context>
    <name>ds::ui::ConfigText</name>
    <message>
        <source>blocks %1</source>
        <translation>ブロック %1</translation>
    </message>
    <message>
        <source>%1 classes</source>
        <translation>%1 クラス</translation>
    </message>
</context>
<context>
    <name>ds::ui::ConfusionGrid</name>
    <message>
        <source>true class</source>
        <translation>正解のクラス</translation>
    </message>
    <message>
        <source>The confusion matrix appears after training.</source>
        <translation>学習後に混同行列が表示されます。</translation>
    </message>
    <message>
        <source>predicted →</source>
        <translation>予測 →</translation>
    </message>
    <message>
        <source>epoch (logarithmic scale)</source>
        <translation>エポック（対数目盛）</translation>
    </message>
    <message>
        <source>training loss</source>
        <translation>学習の損失</translation>
    </message>
    <message>
        <source>held-out accuracy</source>
        <translation>評価用画像での正解率</translation>
    </message>
    <message>
        <source>accuracy (%)</source>
        <translation>正解率 (%)</translation>
    </message>
</context>
<context>
    <name>ds::ui::CustomLayoutDialog</name>
    <message>
        <source>Compare with a custom layout</source>
        <translation>カスタム構成と比較</translation>
    </message>
    <message>
        <source>Growth rate k: channels each dense layer adds</source>
        <translation>growth rate k: 各 Dense Layer が追加するチャンネル数</translation>
    </message>
    <message>
        <source>Dense layers per block, e.g. 6,12,24,16</source>
        <translation>ブロックごとの Dense Layer の数（例: 6,12,24,16）</translation>
    </message>
    <message>
        <source>Channels after the stem (k0 of the first block)</source>
        <translation>stem の後のチャンネル数（最初のブロックの k0）</translation>
    </message>
    <message>
        <source>Transition compression theta in (0, 1]</source>
        <translation>Transition Layer の圧縮率 θ（0 より大きく 1 以下）</translation>
    </message>
    <message>
        <source>Bottleneck width factor: the 1x1 conv outputs bn_size * k channels</source>
        <translation>ボトルネックの幅の係数: 1×1 の畳み込みは bn_size × k チャンネルを出力</translation>
    </message>
    <message>
        <source>Add to the chart</source>
        <translation>グラフに追加</translation>
    </message>
    <message>
        <source>Growth rate k</source>
        <translation>growth rate k</translation>
    </message>
    <message>
        <source>Blocks</source>
        <translation>ブロック</translation>
    </message>
    <message>
        <source>Initial features</source>
        <translation>初期チャンネル数</translation>
    </message>
    <message>
        <source>Compression θ</source>
        <translation>圧縮率 θ</translation>
    </message>
    <message>
        <source>bn_size</source>
        <translation>bn_size</translation>
    </message>
</context>
<context>
    <name>ds::ui::EngineText</name>
    <message>
        <source>random (seed %1)</source>
        <translation>ランダム（シード %1）</translation>
    </message>
    <message>
        <source>ImageNet: %1</source>
        <translation>ImageNet: %1</translation>
    </message>
    <message>
        <source>CPU, 1 thread</source>
        <translation>CPU、1 スレッド</translation>
    </message>
    <message>
        <source>CPU, %1 threads</source>
        <translation>CPU、%1 スレッド</translation>
    </message>
    <message>
        <source>Every key in the file starts with &apos;%1&apos;: the prefix was stripped.</source>
        <translation>ファイルのすべてのキーが「%1」で始まっているため、この接頭辞を取り除きました。</translation>
    </message>
    <message>
        <source>The file&apos;s classifier has %1 classes: the model now has %1.</source>
        <translation>ファイルの分類用の全結合層は %1 クラスなので、モデルも %1 クラスにしました。</translation>
    </message>
</context>
<context>
    <name>ds::ui::ErrorText</name>
    <message>
        <source>These weights cannot be used.</source>
        <translation>この重みは使えません。</translation>
    </message>
    <message>
        <source>This layout does not describe a DenseNet that can be built.</source>
        <translation>この構成では DenseNet を組み立てられません。</translation>
    </message>
    <message>
        <source>The chosen device cannot be used.</source>
        <translation>選んだデバイスは使えません。</translation>
    </message>
    <message>
        <source>The model has no such layer.</source>
        <translation>モデルにその層はありません。</translation>
    </message>
    <message>
        <source>The image cannot be used.</source>
        <translation>この画像は使えません。</translation>
    </message>
    <message>
        <source>The operation failed.</source>
        <translation>処理に失敗しました。</translation>
    </message>
    <message>
        <source>Out of memory. Try a smaller model or image, or close other programs.</source>
        <translation>メモリが足りません。小さいモデルや画像を試すか、ほかのプログラムを閉じてください。</translation>
    </message>
    <message>
        <source>%1
Details (in English): %2</source>
        <translation>%1
詳細（英語）: %2</translation>
    </message>
    <message>
        <source>An unknown error occurred.</source>
        <translation>不明なエラーが発生しました。</translation>
    </message>
    <message>
        <source>%1 is a Teach head (%2 taught classes), not the weights of a network. Open it in the Teach tab (Teach → Open…), with the network and weights it was taught on loaded.</source>
        <translation>%1 は「教える」タブで作ったヘッド（教えたクラス %2 個）で、ネットワークの重みではありません。教えたときのネットワークと重みを読み込んだうえで、「教える」タブ（教える → 開く…）で開いてください。</translation>
    </message>
    <message>
        <source>a custom DenseNet (%1)</source>
        <translation>カスタム DenseNet（%1）</translation>
    </message>
    <message>
        <source>These weights are %1, not %2: choose the variant or layout that matches the file (%3).</source>
        <translation>この重みは %2 ではなく %1 のものです。ファイルに合うモデルか構成を選んでください（%3）。</translation>
    </message>
    <message>
        <source>The classifier in %1 has %2 classes, but the model&apos;s has %3: set the number of classes to %2.</source>
        <translation>%1 の分類用の全結合層のクラス数は %2 ですが、モデルのクラス数は %3 です。クラス数を %2 にしてください。</translation>
    </message>
    <message numerus="yes">
        <source>%n missing key(s)</source>
        <translation>
            <numerusform>足りないキー %n 個</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unexpected key(s)</source>
        <translation>
            <numerusform>余分なキー %n 個</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n shape mismatch(es)</source>
        <translation>
            <numerusform>形状の合わないテンソル %n 個</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n duplicated key(s)</source>
        <translation>
            <numerusform>重複したキー %n 個</numerusform>
        </translation>
    </message>
    <message>
        <source>The weights in %1 do not fit the model: %2 (for example %3). The file was made for a different model.</source>
        <translation>%1 の重みはモデルに合いません：%2（例：%3）。別のモデル用に作られたファイルです。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>%1 is damaged and cannot be read as weights: download or save it again.</source>
        <translation>%1 は壊れていて重みとして読めません。もう一度ダウンロードするか保存し直してください。</translation>
    </message>
    <message>
        <source>%1 is truncated: it has %2 bytes, but %3 more bytes are needed at byte %4. Download or save the file again.</source>
        <translation>%1 は途中で切れています。ファイルは %2 バイトですが、%4 バイト目からさらに %3 バイト必要です。もう一度ダウンロードするか保存し直してください。</translation>
    </message>
    <message>
        <source>%1 is a Python pickle that runs code (%2) when it is loaded, not a torch.save file: DenseScope does not run code from weight files. Use a state dict saved with torch.save, or a .safetensors file.</source>
        <translation>%1 は読み込むとコード（%2）を実行する Python の pickle で、torch.save のファイルではありません。DenseScope は重みファイルのコードを実行しません。torch.save で保存した state dict か .safetensors ファイルを使ってください。</translation>
    </message>
    <message>
        <source>%1 was saved on a big-endian machine; DenseScope reads little-endian files only.</source>
        <translation>%1 はビッグエンディアンのコンピュータで保存されています。DenseScope が読めるのはリトルエンディアンのファイルだけです。</translation>
    </message>
    <message>
        <source>%1 uses a torch.save version DenseScope does not know: save it again with a current PyTorch.</source>
        <translation>%1 は DenseScope の知らない torch.save の版で保存されています。最新の PyTorch で保存し直してください。</translation>
    </message>
    <message>
        <source>%1 is not a weights file DenseScope can read (it starts with the bytes %2): use a PyTorch .pth file or a .safetensors file.</source>
        <translation>%1 は DenseScope が読める重みファイルではありません（先頭のバイト：%2）。PyTorch の .pth ファイルか .safetensors ファイルを使ってください。</translation>
    </message>
    <message>
        <source>%1 is not a torch.save file: use a state dict saved with torch.save, or a .safetensors file.</source>
        <translation>%1 は torch.save のファイルではありません。torch.save で保存した state dict か .safetensors ファイルを使ってください。</translation>
    </message>
    <message>
        <source>%1 is empty: download or save the weights again.</source>
        <translation>%1 は空です。重みをもう一度ダウンロードするか保存し直してください。</translation>
    </message>
    <message>
        <source>“%1” is not a valid weights choice: use random, random:SEED (a whole number), imagenet or the path of a .pth or .safetensors file.</source>
        <translation>「%1」は重みの指定として使えません。random、random:SEED（SEED は整数）、imagenet、または .pth か .safetensors ファイルのパスを指定してください。</translation>
    </message>
    <message>
        <source>There are no official ImageNet weights for %1: torchvision publishes them only for densenet121, densenet161, densenet169 and densenet201. Use random weights or a weights file of your own.</source>
        <translation>%1 には公式の ImageNet の重みがありません。torchvision が公開しているのは densenet121、densenet161、densenet169、densenet201 だけです。ランダムな重みか、自分の重みファイルを使ってください。</translation>
    </message>
    <message>
        <source>The ImageNet weights for %1 are not in %2: download them from the Weights menu, or put %3 there by hand.</source>
        <translation>%1 の ImageNet の重みが %2 にありません。「重み」メニューからダウンロードするか、%3 を手動でそこに置いてください。</translation>
    </message>
    <message>
        <source>%1 does not exist: check the path.</source>
        <translation>%1 はありません。パスを確かめてください。</translation>
    </message>
    <message>
        <source>%1 cannot be opened (%2): check that it is a file you may read.</source>
        <translation>%1 を開けません（%2）。読み取りできるファイルか確かめてください。</translation>
    </message>
    <message>
        <source>%1 is not a regular file (%2): save the weights to a file first and open that file.</source>
        <translation>%1 は通常のファイルではありません（%2）。重みをいったんファイルに保存して、そのファイルを開いてください。</translation>
    </message>
    <message>
        <source>There is no variant named “%1”. Choose one of %2, or give a custom layout (growth rate and blocks).</source>
        <translation>「%1」というモデルはありません。%2 から選ぶか、カスタム構成（growth rate とブロック構成）を指定してください。</translation>
    </message>
    <message>
        <source>The block layout is empty: give the number of Dense Layers in each Dense Block, like 6,12,24,16.</source>
        <translation>ブロック構成が空です。各 Dense Block の Dense Layer の数を 6,12,24,16 のように指定してください。</translation>
    </message>
    <message>
        <source>In the block layout “%1”, “%2” is not a number of layers from 1 to 1000: write it like 6,12,24,16.</source>
        <translation>ブロック構成「%1」の「%2」は 1〜1000 の層の数ではありません。6,12,24,16 のように書いてください。</translation>
    </message>
    <message>
        <source>Growth rate k</source>
        <translation>growth rate k</translation>
    </message>
    <message>
        <source>The number of Dense Blocks</source>
        <translation>Dense Block の数</translation>
    </message>
    <message>
        <source>The number of Dense Layers in a Dense Block</source>
        <translation>Dense Block 内の Dense Layer の数</translation>
    </message>
    <message>
        <source>Initial features</source>
        <translation>初期チャンネル数</translation>
    </message>
    <message>
        <source>bn_size</source>
        <translation>bn_size</translation>
    </message>
    <message>
        <source>Compression θ</source>
        <translation>圧縮率 θ</translation>
    </message>
    <message>
        <source>Drop rate</source>
        <translation>ドロップ率</translation>
    </message>
    <message>
        <source>The number of classes</source>
        <translation>クラス数</translation>
    </message>
    <message>
        <source>%1 = %2 is out of range: use a value above 0 and at most 1, e.g. 0.5.</source>
        <translation>%1 = %2 は範囲外です。0 より大きく 1 以下の値（例：0.5）にしてください。</translation>
    </message>
    <message>
        <source>%1 = %2 is out of range: use %3 to %4.</source>
        <translation>%1 = %2 は範囲外です。%3〜%4 にしてください。</translation>
    </message>
    <message>
        <source>This layout grows to %1 channels, more than 100000: use fewer layers or a smaller growth rate.</source>
        <translation>この構成ではチャンネル数が %1 になり、100000 を超えます。層を減らすか、growth rate を小さくしてください。</translation>
    </message>
    <message>
        <source>Compression %1 leaves no channels after Transition Layer %2: use a larger compression.</source>
        <translation>圧縮率 %1 では Transition Layer %2 の後にチャンネルが残りません。圧縮率を大きくしてください。</translation>
    </message>
    <message>
        <source>A %1×%1 input is too small for %2 Dense Blocks: each Transition Layer halves the feature maps, so only %3 fit. Use fewer blocks.</source>
        <translation>%1×%1 の入力は %2 個の Dense Block には小さすぎます。Transition Layer ごとに特徴マップが半分になるため、入るのは %3 個までです。ブロックを減らしてください。</translation>
    </message>
    <message>
        <source>The labels file names %1 classes, but the model has %2: give one label per line for each class.</source>
        <translation>ラベルファイルのクラス数は %1 ですが、モデルのクラス数は %2 です。クラスごとに 1 行に 1 つのラベルを書いてください。</translation>
    </message>
    <message>
        <source>The model has no layer named “%1”. Layer names are torchvision&apos;s module names, e.g. %2 (%3 in this model).</source>
        <translation>モデルに「%1」という層はありません。層の名前は torchvision のモジュール名です（例：%2。このモデルには %3 個あります）。</translation>
    </message>
    <message>
        <source>CUDA was chosen, but this build of DenseScope runs on the CPU only: choose Auto or CPU.</source>
        <translation>CUDA が選ばれていますが、この DenseScope は CPU でしか動きません。「自動」か「CPU」を選んでください。</translation>
    </message>
    <message>
        <source>CUDA was chosen, but no usable GPU or driver was found: choose Auto or CPU.</source>
        <translation>CUDA が選ばれていますが、使える GPU かドライバが見つかりません。「自動」か「CPU」を選んでください。</translation>
    </message>
    <message>
        <source>This layout needs about %1 of memory, but this computer has %2 available. Use fewer layers per block, a smaller growth rate or fewer initial features, or close other programs.</source>
        <translation>この構成には約 %1 のメモリが必要ですが、このコンピュータで使えるのは %2 です。ブロックあたりの層を減らすか、growth rate か初期チャンネル数を小さくするか、ほかのプログラムを閉じてください。</translation>
    </message>
    <message>
        <source>Out of GPU memory (%1).</source>
        <translation>GPU のメモリが足りません（%1）。</translation>
    </message>
    <message>
        <source>Out of memory (%1).</source>
        <translation>メモリが足りません（%1）。</translation>
    </message>
    <message>
        <source>The model needs about %1.</source>
        <translation>モデルには約 %1 が必要です。</translation>
    </message>
    <message>
        <source>The model needs about %1; %2 is available now.</source>
        <translation>モデルには約 %1 が必要ですが、いま使えるのは %2 です。</translation>
    </message>
    <message>
        <source>Use a smaller model or layout, or close other programs.</source>
        <translation>小さいモデルか構成を使うか、ほかのプログラムを閉じてください。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>キャンセルしました。</translation>
    </message>
</context>
<context>
    <name>ds::ui::Explanation</name>
    <message>
        <source>Cost: no parameters and no multiply-accumulates.</source>
        <translation>コスト：パラメータも積和演算もありません。</translation>
    </message>
    <message>
        <source>Cost: %1 parameters and no multiply-accumulates (it only scales and shifts each channel).</source>
        <translation>コスト：パラメータ数 %1、積和演算なし（各チャンネルをスケールしてシフトするだけです）。</translation>
    </message>
    <message>
        <source>Cost: %1 parameters and %2 multiply-accumulates (MACs) for a %3 × %3 input image.</source>
        <translation>コスト：%3 × %3 の入力画像に対し、パラメータ数 %1、積和演算（MACs）%2 回。</translation>
    </message>
    <message>
        <source>The stem turns the image into the first feature maps: conv0 (7×7 convolution, stride 2) → norm0 (BN) → relu0 (ReLU) → pool0 (3×3 max pooling, stride 2).</source>
        <translation>stem は画像を最初の特徴マップに変えます：conv0（7×7 の畳み込み、stride 2）→ norm0（BN）→ relu0（ReLU）→ pool0（3×3 の最大プーリング、stride 2）。</translation>
    </message>
    <message>
        <source>Stem convolution conv0 (%1)</source>
        <translation>stem の畳み込み conv0（%1）</translation>
    </message>
    <message>
        <source>conv0 is a 7×7 convolution with stride 2 and padding 3. It reads the 3 colour channels of the %1 network input and makes %2 channels (the initial features) at %3: each output pixel sees a 7 × 7 patch of the image.</source>
        <translation>conv0 は stride 2、padding 3 の 7×7 の畳み込みです。%1 のネットワークへの入力の 3 つの色チャンネルを読み、%3 の %2 チャンネル（初期特徴）を作ります。出力の各画素は画像の 7 × 7 の範囲を見ています。</translation>
    </message>
    <message>
        <source>Stem batch normalization norm0 (%1)</source>
        <translation>stem の Batch Normalization norm0（%1）</translation>
    </message>
    <message>
        <source>norm0 is batch normalization (BN) of conv0&apos;s %1 channels: each channel is normalized with statistics learned in training, then scaled and shifted by two learned numbers. The shape stays %1 × %2.</source>
        <translation>norm0 は conv0 の %1 チャンネルの Batch Normalization（BN）です。各チャンネルを学習時の統計で正規化し、学習した 2 つの値でスケールしてシフトします。形状は %1 × %2 のままです。</translation>
    </message>
    <message>
        <source>Stem ReLU relu0 (%1)</source>
        <translation>stem の ReLU relu0（%1）</translation>
    </message>
    <message>
        <source>relu0 sets every negative value to zero and keeps the positive ones. The shape stays %1 × %2.</source>
        <translation>relu0 は負の値をすべて 0 にし、正の値はそのまま残します。形状は %1 × %2 のままです。</translation>
    </message>
    <message>
        <source>Stem output pool0 (%1)</source>
        <translation>stem の出力 pool0（%1）</translation>
    </message>
    <message>
        <source>pool0 is 3×3 max pooling with stride 2 and padding 1: it keeps the largest value of each 3 × 3 window and halves the maps from %1 to %2. Its %3 channels (init features, k0 of dense block 1) are the stem&apos;s output and the input of dense block 1.</source>
        <translation>pool0 は stride 2、padding 1 の 3×3 の最大プーリングです。3 × 3 の窓ごとに最大値を残し、マップを %1 から %2 に半分にします。その %3 チャンネル（初期特徴、Dense Block 1 の k0）が stem の出力で、Dense Block 1 の入力です。</translation>
    </message>
    <message>
        <source>Dense layer %1 of dense block %2 (%3)</source>
        <translation>Dense Block %2 の Dense Layer %1（%3）</translation>
    </message>
    <message>
        <source>Input: the block input alone, %1 channels at %2. This is the first dense layer of the block, so nothing has been appended yet.</source>
        <translation>入力：ブロックの入力だけで、%2 の %1 チャンネルです。ブロックの最初の Dense Layer なので、まだ何も追加されていません。</translation>
    </message>
    <message>
        <source>Input: the block input (%1 channels) and the output of dense layer 1 (%2 channels), concatenated along the channel axis: %3 channels at %4.</source>
        <translation>入力：ブロックの入力（%1 チャンネル）と Dense Layer 1 の出力（%2 チャンネル）をチャンネル方向に結合したもので、%4 の %3 チャンネルです。</translation>
    </message>
    <message>
        <source>Input: the block input (%1 channels) and the outputs of dense layers 1 to %2 (%2 × %3 = %4 channels), concatenated along the channel axis: %5 channels at %6.</source>
        <translation>入力：ブロックの入力（%1 チャンネル）と Dense Layer 1〜%2 の出力（%2 × %3 = %4 チャンネル）をチャンネル方向に結合したもので、%6 の %5 チャンネルです。</translation>
    </message>
    <message>
        <source>Inside, in this order: BN → ReLU → 1×1 convolution to %1 channels (the bottleneck, bn_size × k = %2 × %3) → BN → ReLU → 3×3 convolution (padding 1) to %3 channels (= k, the growth rate). The spatial size stays %4.</source>
        <translation>中身はこの順です：BN → ReLU → %1 チャンネルへの 1×1 の畳み込み（ボトルネック、bn_size × k = %2 × %3）→ BN → ReLU → %3 チャンネル（= k、growth rate）への 3×3 の畳み込み（padding 1）。空間サイズは %4 のままです。</translation>
    </message>
    <message>
        <source>Output: its %1 new channels are appended to the block&apos;s concatenation, as channels %2 to %3 of the block output (%4 channels). Every later dense layer of the block reads them.</source>
        <translation>出力：新しい %1 チャンネルがブロックの結合に追加され、ブロックの出力（%4 チャンネル）のチャンネル %2〜%3 になります。ブロック内の後のすべての Dense Layer がこれを読みます。</translation>
    </message>
    <message>
        <source>Input channels of dense layer l: k0 + k(l − 1) = %1 + %2 × (%3 − 1) = %4</source>
        <translation>l 個目の Dense Layer の入力チャンネル数 = k0 + k(l − 1) = %1 + %2 × (%3 − 1) = %4</translation>
    </message>
    <message>
        <source>Dense block %1 (%2)</source>
        <translation>Dense Block %1（%2）</translation>
    </message>
    <message>
        <source>Dense block %1 has L = %2 dense layers with growth rate k = %3. It starts from k0 = %4 channels at %5. Each dense layer reads the concatenation of everything before it in the block and appends k = %3 new channels, so dense layer l reads k0 + k(l − 1) channels.</source>
        <translation>Dense Block %1 には growth rate k = %3 の Dense Layer が L = %2 個あります。%5 の k0 = %4 チャンネルから始まります。各 Dense Layer はブロック内でそれより前のすべてを結合したものを読み、新しい k = %3 チャンネルを追加するので、l 個目の Dense Layer は k0 + k(l − 1) チャンネルを読みます。</translation>
    </message>
    <message>
        <source>Output: the block input followed by the %1 × %2 new channels, k0 + L·k = %3 channels at %4. The spatial size does not change inside a block; the channel count does.</source>
        <translation>出力：ブロックの入力に続いて %1 × %2 個の新しいチャンネル、%4 の k0 + L·k = %3 チャンネルです。ブロック内で空間サイズは変わらず、チャンネル数が増えます。</translation>
    </message>
    <message>
        <source>Output channels of the block: k0 + L·k = %1 + %2 × %3 = %4</source>
        <translation>ブロックの出力チャンネル数：k0 + L·k = %1 + %2 × %3 = %4</translation>
    </message>
    <message>
        <source>Transition %1 (%2)</source>
        <translation>Transition Layer %1（%2）</translation>
    </message>
    <message>
        <source>A transition sits between dense block %1 and dense block %2 and makes the maps smaller: BN → ReLU → 1×1 convolution from %3 to %4 channels (compression θ = %5) → 2×2 average pooling with stride 2, from %6 to %7.</source>
        <translation>Transition Layer は Dense Block %1 と Dense Block %2 の間にあり、マップを小さくします：BN → ReLU → %3 から %4 チャンネルへの 1×1 の畳み込み（圧縮率 θ = %5）→ stride 2 の 2×2 の平均プーリングで %6 から %7 へ。</translation>
    </message>
    <message>
        <source>Its %1 channels enter dense block %2: they are that block&apos;s k0.</source>
        <translation>その %1 チャンネルが Dense Block %2 に入り、そのブロックの k0 になります。</translation>
    </message>
    <message>
        <source>Output channels: ⌊θ · C⌋ = ⌊%1 × %2⌋ = %3</source>
        <translation>出力チャンネル数：⌊θ · C⌋ = ⌊%1 × %2⌋ = %3</translation>
    </message>
    <message>
        <source>Classifier (%1)</source>
        <translation>分類用の全結合層（%1）</translation>
    </message>
    <message>
        <source>After norm5, a ReLU and global average pooling turn each of the %1 channels (%2 maps) into one number, their average. The classifier is a fully connected layer from these %1 numbers to %3 class scores; softmax makes them the probabilities shown under Predictions.</source>
        <translation>norm5 の後、ReLU と Global Average Pooling が %1 チャンネル（%2 のマップ）をそれぞれ 1 つの数、その平均にします。classifier はこの %1 個の数から %3 クラスのスコアへの全結合層です。softmax でそれが「予測」に表示される確率になります。</translation>
    </message>
    <message>
        <source>Parameters: %1 × %2 weights + %2 biases = %3</source>
        <translation>パラメータ数：%1 × %2 の重み + %2 のバイアス = %3</translation>
    </message>
    <message>
        <source>Final batch normalization norm5 (%1)</source>
        <translation>最後の Batch Normalization norm5（%1）</translation>
    </message>
    <message>
        <source>norm5 is the batch normalization (BN) of the %1 channels leaving the last dense block, at %2. The classifier follows: ReLU, global average pooling, and a fully connected layer to the classes.</source>
        <translation>norm5 は最後の Dense Block から出る %2 の %1 チャンネルの Batch Normalization（BN）です。その後に classifier が続きます：ReLU、Global Average Pooling、クラスへの全結合層。</translation>
    </message>
</context>
<context>
    <name>ds::ui::ExplanationPanel</name>
    <message>
        <source>&lt;p&gt;The explanation of the selected layer appears here once the model has loaded.&lt;/p&gt;</source>
        <translation>&lt;p&gt;モデルが読み込まれると、選んだ層の説明がここに表示されます。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Select a layer in the Network tree, the Layers table or the Channel growth chart to see what it does, with its numbers.&lt;/p&gt;</source>
        <translation>&lt;p&gt;ネットワークのツリー、層の表、チャンネル数の推移のグラフで層を選ぶと、その働きが数値つきで表示されます。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>ds::ui::FeatureMapPanel</name>
    <message>
        <source>Click a thumbnail to open its channel.</source>
        <translation>サムネイルをクリックするとそのチャンネルを開きます。</translation>
    </message>
    <message>
        <source>&lt;b&gt;channel %1&lt;/b&gt; of %2</source>
        <translation>%2 の&lt;b&gt;チャンネル %1&lt;/b&gt;</translation>
    </message>
    <message>
        <source> · from &lt;a href=&quot;%1&quot;&gt;denselayer%2&lt;/a&gt;</source>
        <translation> · &lt;a href=&quot;%1&quot;&gt;denselayer%2&lt;/a&gt; の出力</translation>
    </message>
    <message>
        <source> · from the block input</source>
        <translation> · ブロックへの入力から</translation>
    </message>
    <message>
        <source>&lt;br&gt;min %1 · mean %2 · max %3</source>
        <translation>&lt;br&gt;最小 %1 · 平均 %2 · 最大 %3</translation>
    </message>
    <message>
        <source>No feature map yet: pick a layer and an image.</source>
        <translation>特徴マップはまだありません。層と画像を選んでください。</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; &amp;nbsp; %2 &amp;nbsp; values %3 … %4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; &amp;nbsp; %2 &amp;nbsp; 値 %3 … %4</translation>
    </message>
    <message>
        <source>Channel origin in denseblock%1 (k0 = %2, k = %3):</source>
        <translation>denseblock%1 のチャンネルの由来（k0 = %2、k = %3）:</translation>
    </message>
    <message>
        <source>input 0–%1</source>
        <translation>入力 0–%1</translation>
    </message>
    <message>
        <source>channel %1</source>
        <translation>チャンネル %1</translation>
    </message>
    <message>
        <source> · %1 (channels %2–%3)</source>
        <translation> · %1（チャンネル %2–%3）</translation>
    </message>
    <message>
        <source>
mean %1 · min %2 · max %3</source>
        <translation>
平均 %1 · 最小 %2 · 最大 %3</translation>
    </message>
    <message>
        <source>Layer whose output is shown</source>
        <translation>出力を表示する層</translation>
    </message>
    <message>
        <source>&amp;Colormap</source>
        <translation>カラーマップ(&amp;C)</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自動</translation>
    </message>
    <message>
        <source>viridis, or RdBu centred on 0 when the map has negative values</source>
        <translation>viridis。マップに負の値があるときは 0 を中心とした RdBu</translation>
    </message>
    <message>
        <source>Sc&amp;aling</source>
        <translation>正規化(&amp;A)</translation>
    </message>
    <message>
        <source>per channel</source>
        <translation>チャンネルごと</translation>
    </message>
    <message>
        <source>shared</source>
        <translation>共通</translation>
    </message>
    <message>
        <source>Per channel: each thumbnail uses its own min..max.
Shared: one range for the whole layer, so channels compare.</source>
        <translation>チャンネルごと: 各サムネイルがそれぞれの最小〜最大を使います。
共通: 層全体で 1 つの範囲を使うので、チャンネル同士を比べられます。</translation>
    </message>
    <message>
        <source>&amp;Sort</source>
        <translation>並べ替え(&amp;S)</translation>
    </message>
    <message>
        <source>index / origin</source>
        <translation>番号 / 由来</translation>
    </message>
    <message>
        <source>mean, highest first</source>
        <translation>平均の大きい順</translation>
    </message>
    <message>
        <source>mean, lowest first</source>
        <translation>平均の小さい順</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>エクスポート</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 画像 (*.png)</translation>
    </message>
    <message>
        <source>NumPy array (*.npy)</source>
        <translation>NumPy 配列 (*.npy)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Grid as PNG…</source>
        <translation>グリッドを PNG で…</translation>
    </message>
    <message>
        <source>Layer values as .npy [C, H, W]…</source>
        <translation>層の値を .npy [C, H, W] で…</translation>
    </message>
    <message>
        <source>Layer values as CSV (channel, y, x, value)…</source>
        <translation>層の値を CSV（channel, y, x, value）で…</translation>
    </message>
    <message>
        <source>Channel statistics as CSV…</source>
        <translation>チャンネルごとの統計を CSV で…</translation>
    </message>
    <message>
        <source>Channel as PNG…</source>
        <translation>チャンネルを PNG で…</translation>
    </message>
    <message>
        <source>Channel as .npy [H, W]…</source>
        <translation>チャンネルを .npy [H, W] で…</translation>
    </message>
    <message>
        <source>Channel as CSV (H rows of W values)…</source>
        <translation>チャンネルを CSV（H 行 × W 個の値）で…</translation>
    </message>
    <message>
        <source>x %1, y %2: &lt;b&gt;%3&lt;/b&gt;</source>
        <translation>x %1、y %2: &lt;b&gt;%3&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&amp;Overlay on input</source>
        <translation>入力に重ねる(&amp;O)</translation>
    </message>
    <message>
        <source>Opacity of the map over the network input</source>
        <translation>ネットワークへの入力に重ねるマップの不透明度</translation>
    </message>
    <message>
        <source>Nothing to export yet: pick a layer first.</source>
        <translation>エクスポートするものがまだありません。先に層を選んでください。</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 を保存しました</translation>
    </message>
    <message>
        <source>%1 px</source>
        <translation>%1 px</translation>
    </message>
    <message>
        <source>Click a channel in the grid first.</source>
        <translation>先にグリッドのチャンネルをクリックしてください。</translation>
    </message>
    <message>
        <source>&amp;Thumbnails</source>
        <translation>サムネイル(&amp;T)</translation>
    </message>
    <message>
        <source>Thumbnail size before zoom, in pixels</source>
        <translation>拡大前のサムネイルのサイズ（ピクセル）</translation>
    </message>
</context>
<context>
    <name>ds::ui::GrowthChart</name>
    <message>
        <source>Add</source>
        <translation>追加</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>クリア</translation>
    </message>
    <message>
        <source>depth (dense layers and transitions)</source>
        <translation>深さ（Dense Layer と Transition Layer）</translation>
    </message>
    <message>
        <source>channels</source>
        <translation>チャンネル数</translation>
    </message>
    <message>
        <source>Cost per stage</source>
        <translation>段ごとのコスト</translation>
    </message>
    <message>
        <source>this model</source>
        <translation>このモデル</translation>
    </message>
    <message>
        <source>block %1</source>
        <translation>ブロック %1</translation>
    </message>
    <message>
        <source>B%1</source>
        <translation>B%1</translation>
    </message>
    <message>
        <source>parameters (M)</source>
        <translation>パラメータ数（M）</translation>
    </message>
    <message>
        <source>MACs (G)</source>
        <translation>MACs（G）</translation>
    </message>
    <message>
        <source>Growth curve</source>
        <translation>チャンネル数の推移</translation>
    </message>
    <message>
        <source>depth</source>
        <translation>深さ</translation>
    </message>
    <message>
        <source>Compare &amp;with</source>
        <translation>比較するモデル(&amp;W)</translation>
    </message>
    <message>
        <source>Custom layout…</source>
        <translation>カスタム構成…</translation>
    </message>
    <message>
        <source>A variant or your own layout to draw beside this model</source>
        <translation>このモデルと並べて描くモデルまたは独自の構成</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>エクスポート</translation>
    </message>
    <message>
        <source>Save a chart as PNG, SVG or PDF</source>
        <translation>グラフを PNG、SVG、PDF で保存</translation>
    </message>
    <message>
        <source>Channel growth chart…</source>
        <translation>チャンネル数の増加のグラフ…</translation>
    </message>
    <message>
        <source>Cost per stage chart…</source>
        <translation>段ごとのコストのグラフ…</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 を保存しました</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>グラフをエクスポート</translation>
    </message>
    <message>
        <source>Export as PNG, SVG or PDF…</source>
        <translation>PNG、SVG、PDF でエクスポート…</translation>
    </message>
</context>
<context>
    <name>ds::ui::GuideDiagrams</name>
    <message>
        <source>stem</source>
        <translation>stem</translation>
    </message>
    <message>
        <source>block %1</source>
        <translation>ブロック %1</translation>
    </message>
    <message>
        <source>trans. %1</source>
        <translation>transition %1</translation>
    </message>
    <message>
        <source>classifier</source>
        <translation>分類</translation>
    </message>
    <message>
        <source>%1 classes</source>
        <translation>%1 クラス</translation>
    </message>
    <message>
        <source>block output</source>
        <translation>ブロックの出力</translation>
    </message>
    <message>
        <source>dense layer %1</source>
        <translation>Dense Layer %1</translation>
    </message>
    <message>
        <source>%1 in, %2 new</source>
        <translation>入力 %1、新規 %2</translation>
    </message>
    <message>
        <source>… %1 channels after %2 of %3 dense layers</source>
        <translation>… %3 個中 %2 個の Dense Layer の後で %1 チャンネル</translation>
    </message>
    <message>
        <source>%1 channels</source>
        <translation>%1 チャンネル</translation>
    </message>
</context>
<context>
    <name>ds::ui::GuideDialog</name>
    <message>
        <source>DenseScope Guide</source>
        <translation>DenseScope ガイド</translation>
    </message>
    <message>
        <source>&lt;h2&gt;DenseScope guide&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;DenseScope ガイド&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>&lt;h3&gt;What is a DenseNet?&lt;/h3&gt;&lt;p&gt;A DenseNet (Huang, Liu, van der Maaten and Weinberger, 2017) is a convolutional neural network that recognises what an image shows. Its idea is &lt;b&gt;dense connectivity&lt;/b&gt;: inside a dense block, every dense layer receives the feature maps of &lt;i&gt;all&lt;/i&gt; earlier layers of the block, concatenated along the channel axis, and adds a few new channels of its own. Nothing is overwritten, so what an early layer found stays available to every later layer.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;DenseNet とは&lt;/h3&gt;&lt;p&gt;DenseNet（Huang、Liu、van der Maaten、Weinberger、2017）は、画像に何が写っているかを認識する畳み込みニューラルネットワークです。その考え方は &lt;b&gt;dense connectivity&lt;/b&gt; です：Dense Block の中では、各 Dense Layer がブロック内のそれより前の&lt;i&gt;すべての&lt;/i&gt;層の特徴マップをチャンネル方向に結合して受け取り、自分の新しいチャンネルを少し追加します。何も上書きされないので、前の層が見つけたものは後のすべての層で使えます。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The &lt;b&gt;growth rate&lt;/b&gt; k is the number of channels each dense layer adds. The model loaded now, %1, has k = %2: dense layer l of a block that starts with k0 channels reads k0 + k(l − 1) channels and makes k new ones.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;growth rate&lt;/b&gt;（成長率）k は各 Dense Layer が追加するチャンネル数です。いま読み込まれているモデル %1 では k = %2 です：k0 チャンネルで始まるブロックの l 個目の Dense Layer は k0 + k(l − 1) チャンネルを読み、新しい k チャンネルを作ります。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Each &lt;b&gt;dense layer&lt;/b&gt; is BN → ReLU → 1×1 convolution to bn_size × k = %1 channels (the bottleneck) → BN → ReLU → 3×3 convolution to k = %2 channels.&lt;/p&gt;</source>
        <translation>&lt;p&gt;各 &lt;b&gt;Dense Layer&lt;/b&gt; は BN → ReLU → bn_size × k = %1 チャンネルへの 1×1 の畳み込み（ボトルネック）→ BN → ReLU → k = %2 チャンネルへの 3×3 の畳み込みです。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;A &lt;b&gt;dense block&lt;/b&gt; keeps the width and height of its maps. Between blocks, a &lt;b&gt;transition&lt;/b&gt; (BN → ReLU → 1×1 convolution → 2×2 average pooling) keeps the fraction θ = %1 of the channels (the compression) and halves width and height. The &lt;b&gt;stem&lt;/b&gt; before the first block (7×7 convolution with stride 2, BN, ReLU, 3×3 max pooling) turns the %2 × %2 input image into %3 maps; after the last block, norm5, global average pooling and a fully connected &lt;b&gt;classifier&lt;/b&gt; give one score per class.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Dense Block&lt;/b&gt; はマップの幅と高さを変えません。ブロックの間の &lt;b&gt;Transition Layer&lt;/b&gt;（BN → ReLU → 1×1 の畳み込み → 2×2 の平均プーリング）はチャンネル数を θ = %1 の割合に削減し（圧縮）、幅と高さを半分にします。最初のブロックの前の &lt;b&gt;stem&lt;/b&gt;（stride 2 の 7×7 の畳み込み、BN、ReLU、3×3 の最大プーリング）は %2 × %2 の入力画像を %3 のマップにします。最後のブロックの後、norm5、Global Average Pooling、&lt;b&gt;分類用の全結合層&lt;/b&gt;がクラスごとに 1 つのスコアを出します。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;i&gt;The channels along %1, from left to right. Each dense block widens as its dense layers append k channels; each transition narrows it. Under each part: its channels and the size of its maps.&lt;/i&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;i&gt;%1 のチャンネル数を左から右へ。各 Dense Block は Dense Layer が k チャンネルずつ追加するので広がり、各 Transition Layer で狭まります。各部分の下は、そのチャンネル数とマップのサイズです。&lt;/i&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Concatenation inside a dense block&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;Dense Block の中の結合&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;i&gt;The first dense layers of dense block 1 of %1. Grey x0 is the block input (k0 = %2 channels); each colour is the k = %3 channels one dense layer makes. Each dense layer reads the whole bar to its left and appends its own part. The colours are the ones of the Feature maps strip, the Channel growth chart and the Layers table.&lt;/i&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;i&gt;%1 の Dense Block 1 の最初の Dense Layer。灰色の x0 はブロックの入力（k0 = %2 チャンネル）で、各色は 1 つの Dense Layer が作る k = %3 チャンネルです。各 Dense Layer は左のバー全体を読み、自分の部分を追加します。色は特徴マップの帯、チャンネル数の推移のグラフ、層の表と同じです。&lt;/i&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Reading the panels&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;パネルの読み方&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Model&lt;/b&gt;: choose a variant (DenseNet-121, 161, 169, 201, 264) or a custom layout (growth rate, blocks, initial features, bn_size, compression); the weights (random, a file, or ImageNet) and the device. Its parameters and multiply-accumulates (MACs) are shown below.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;モデル&lt;/b&gt;：DenseNet-121、161、169、201、264 またはカスタムの構成（growth rate、ブロック、初期特徴、bn_size、圧縮率）を選び、重み（ランダム、ファイル、ImageNet）とデバイスを選びます。パラメータ数と積和演算（MACs）がその下に表示されます。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Image&lt;/b&gt;: the picture you opened and, beside it, the exact %1 × %1 network input made from it (resized, cropped, normalised).&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;画像&lt;/b&gt;：開いた画像と、その横にそこから作られた %1 × %1 のネットワークへの入力（リサイズ、切り抜き、正規化したもの）。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Predictions&lt;/b&gt;: the most likely ImageNet classes with their probabilities. With random weights they mean nothing, but every shape and map is real.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;予測&lt;/b&gt;：可能性の高い ImageNet のクラスとその確率。ランダムな重みでは意味はありませんが、形状とマップはすべて本物です。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Network&lt;/b&gt;: the stem, each dense block (open it for its dense layers), each transition and norm5, with the shape C × H × W of its output. Select one to see its feature maps; rest the pointer on it for its explanation.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;ネットワーク&lt;/b&gt;：stem、各 Dense Block（開くと Dense Layer が見えます）、各 Transition Layer、norm5 と、その出力の形状 C × H × W。選ぶと特徴マップが表示され、ポインタを置くと説明が表示されます。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Feature maps&lt;/b&gt;: every channel of the selected layer as a small picture. For a dense block, the coloured strip says which dense layer made each channel (grey: the block input). Click a channel for a large view with its values.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;特徴マップ&lt;/b&gt;：選んだ層のすべてのチャンネルを小さな画像で表示します。Dense Block では、色の帯が各チャンネルを作った Dense Layer を示します（灰色：ブロックの入力）。チャンネルをクリックすると値つきで大きく表示されます。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Channel growth&lt;/b&gt;: channels against depth; inside a block the line rises by k per dense layer, at a transition it drops. Beside it: parameters and MACs per stage. Click a point to select that layer.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;チャンネル数の推移&lt;/b&gt;：深さに対するチャンネル数。ブロック内では Dense Layer ごとに k ずつ上がり、Transition Layer で下がります。横には段ごとのパラメータ数と MACs。点をクリックするとその層を選びます。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Layers&lt;/b&gt;: every layer in a table with its input and output channels, map size, parameters and MACs; sort by any column, filter by name.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;層&lt;/b&gt;：すべての層の表で、入力と出力のチャンネル数、マップのサイズ、パラメータ数、MACs を示します。どの列でも並べ替えができ、名前で絞り込めます。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Explanation&lt;/b&gt;: what the selected layer does, in words and with its numbers: where its input comes from, each step inside it, what it outputs, and what it costs. &lt;code&gt;densescope-cli explain --layer NAME&lt;/code&gt; prints the same text.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;説明&lt;/b&gt;：選んだ層の働きを言葉と数値で示します：入力がどこから来るか、中の各ステップ、何を出力するか、コスト。&lt;code&gt;densescope-cli explain --layer NAME&lt;/code&gt; でも同じ文が出力されます。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Selecting a layer anywhere selects it everywhere. View → Zoom in (Ctrl++) makes text and pictures larger for a classroom.&lt;/p&gt;</source>
        <translation>&lt;p&gt;どこで層を選んでも、すべての場所で選ばれます。表示 → 拡大（Ctrl++）で、教室向けに文字と図が大きくなります。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;h3&gt;What the network sees: the analysis tabs&lt;/h3&gt;&lt;p&gt;The tabs beside the feature maps answer the questions a class asks. Each works only while its tab is in front, shows its progress and can be cancelled; the window never waits for it.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;ネットワークが見ているもの：分析のタブ&lt;/h3&gt;&lt;p&gt;特徴マップの横のタブは、授業で出る問いに答えます。どのタブも前面にある間だけ計算し、進み具合を示し、キャンセルできます。ウィンドウが計算を待って止まることはありません。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Where it looks&lt;/b&gt;: the class activation map (CAM) of the selected layer over the network input: which places raised the score of a class. Choose the method: &lt;b&gt;Grad-CAM&lt;/b&gt; weights each channel by the mean of its gradient; &lt;b&gt;Grad-CAM++&lt;/b&gt; weights the positive gradients, so that several objects of a class all show; &lt;b&gt;LayerCAM&lt;/b&gt; weights every position by its own positive gradient, which keeps the detail of early layers; eight more methods (HiResCAM … FEM) are in the same list. The class is the top-1 class, one of the top-k, or the prediction bar you click. The strip below shows the map of the stem, every dense block and every transition at once: the map sharpens with depth; click a tile to select that layer.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;どこを見ているか（CAM）&lt;/b&gt;：選んだ層のクラス活性化マップ（CAM）をネットワークへの入力に重ねて示します。どの場所がクラスのスコアを上げたかが分かります。手法を選べます：&lt;b&gt;Grad-CAM&lt;/b&gt; は各チャンネルを勾配の平均で重み付けします。&lt;b&gt;Grad-CAM++&lt;/b&gt; は正の勾配で重み付けするので、同じクラスの物体が複数あってもすべて現れます。&lt;b&gt;LayerCAM&lt;/b&gt; は位置ごとに自分の正の勾配で重み付けし、浅い層の細部を残します。同じ一覧にさらに 8 つの手法（HiResCAM … FEM）があります。クラスは上位 1 件、上位 k 件のどれか、またはクリックした予測のバーです。下の帯には stem、すべての Dense Block、すべての Transition Layer のマップが一度に並び、深くなるほどマップが鋭くなる様子が見えます。タイルをクリックするとその層を選びます。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Compare&lt;/b&gt;: every CAM method side by side for the same layer and class, each with its ROAD score and the change in confidence when the region it marks is removed or kept: which map to trust. &lt;b&gt;Attributions&lt;/b&gt; does the same for single pixels (saliency, Integrated Gradients, SmoothGrad, occlusion …).&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;比較&lt;/b&gt;：同じ層とクラスについて、すべての CAM 手法を並べて示します。それぞれに ROAD スコアと、示した領域を消したとき・残したときの確信度の変化が付き、どのマップを信頼できるかが分かります。&lt;b&gt;画素ごとの寄与&lt;/b&gt;は同じことを画素単位で行います（サリエンシー、Integrated Gradients、SmoothGrad、遮蔽 …）。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Feature reuse&lt;/b&gt;: the DenseNet paper&apos;s Figure 5 from the loaded weights. For each dense block, a heat map: how strongly each dense layer (row) weighs the channels that each earlier layer (column) made, as the mean absolute weight of its first convolution. Trained weights show that later layers still read early features; with random weights the picture is flat, and it says so. Click a cell to select that layer and mark the source&apos;s channels.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;特徴の再利用&lt;/b&gt;：DenseNet の論文の図 5 を、読み込んだ重みから描きます。Dense Block ごとのヒートマップで、各 Dense Layer（行）がそれより前の各層（列）の作ったチャンネルをどれだけ強く使うかを、最初の畳み込みの重みの絶対値の平均で示します。学習済みの重みでは、後の層も前の層の特徴を読み続けていることが分かります。ランダムな重みでは一様な図になり、そのことも表示されます。セルをクリックするとその層を選び、元の層のチャンネルに印を付けます。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Statistics&lt;/b&gt;: for the selected layer and channel, a histogram of its values with minimum, maximum, mean and standard deviation, and the mean of every channel as bars, by channel or sorted by value. Click a bar to open that channel.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;統計&lt;/b&gt;：選んだ層とチャンネルの値のヒストグラムと、最小値・最大値・平均・標準偏差を示します。隣にはすべてのチャンネルの平均を棒グラフで、チャンネル順または値の順に並べます。棒をクリックするとそのチャンネルを開きます。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Top images&lt;/b&gt;: choose a folder; every image in it runs once through the network. Then, for any channel of the selected layer, the images in which it fires most are shown, strongest first, with the region of the input that drives the maximum outlined. The channel is the one you pick in Feature maps or in the tab&apos;s own Channel box.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;トップ画像&lt;/b&gt;：フォルダを選ぶと、中の画像がそれぞれ一度ネットワークを通ります。その後は選んだ層のどのチャンネルについても、そのチャンネルが最も強く反応する画像を強い順に、最大値を生む入力の領域を枠で囲んで示します。チャンネルは特徴マップで選んだもの、またはタブのチャンネル欄で選んだものです。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Visualise&lt;/b&gt;: the input that excites the selected channel most, made by gradient ascent from faint noise, with small random shifts, scalings and rotations at each step so that it stays a picture. The curve shows the channel&apos;s mean at each step (on the shifted copy); the two dots are the start and the result themselves.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;可視化&lt;/b&gt;：選んだチャンネルを最も強く活性化する入力を、かすかなノイズから勾配上昇法で作ります。画像らしさを保つため、毎ステップ小さなランダムな平行移動・拡大縮小・回転を加えます。曲線は各ステップでのチャンネルの平均（ずらした画像での値）、2 つの点は開始時と結果そのものの値です。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Teach&lt;/b&gt;: teach the network your own classes. Make a class for each kind of thing (or add a folder with one subfolder per class, in one step), give each class examples (image files, a folder, the clipboard, the current image, or live frames while you hold C), then press Train. A small classifier learns on the frozen network&apos;s features; a fifth of each class is held out to measure the accuracy, and the confusion matrix shows which classes it mixes up. &lt;b&gt;Taught classes&lt;/b&gt; makes the predictions use it. Save… and Open… keep it as a .safetensors file, with its curve and confusion matrix; open it in this tab, not as weights.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;教える&lt;/b&gt;：自分のクラスをネットワークに教えます。ものの種類ごとにクラスを作り（クラスごとのサブフォルダを持つフォルダなら一度に追加できます）、各クラスに例を与え（画像ファイル、フォルダ、クリップボード、現在の画像、または C を押している間のライブのフレーム）、「学習」を押します。固定したネットワークの特徴の上で小さな分類器が学習します。各クラスの 5 分の 1 は精度を測るために取り分けられ、混同行列はどのクラスを取り違えるかを示します。&lt;b&gt;教えたクラス&lt;/b&gt;を選ぶと予測がそれを使います。「保存…」と「開く…」で、学習曲線と混同行列ごと 1 つの .safetensors ファイルとして保存・復元できます。このタブで開いてください。重みとしては開けません。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Live mode&lt;/b&gt; (Live menu): a camera or a video file instead of a still image. The network always works on the newest frame and skips the ones that arrive while it is busy, so the picture never lags. Space freezes the frame to inspect it; Space again goes on; Ctrl+L stops and starts.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;ライブモード&lt;/b&gt;（ライブのメニュー）：静止画の代わりにカメラや動画ファイルを使います。ネットワークは常に最新のフレームを処理し、処理中に届いたフレームは飛ばすので、映像が遅れることはありません。Space でフレームを止めて調べ、もう一度 Space で再開します。Ctrl+L で停止と開始を切り替えます。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Lesson mode: teaching with a projector&lt;/h3&gt;&lt;p&gt;Lesson mode fills the screen with one view at a time, large, and steps through a lesson like slides: the image and its predictions, the architecture, one dense layer with its numbers, the feature maps, where the network looks, feature reuse, Teach. Every view stays live: clicking a channel, a prediction bar or a tile still works. &lt;b&gt;F5&lt;/b&gt; in the workbench starts the lesson; &lt;b&gt;F11&lt;/b&gt; opens lesson mode on the view the workbench shows now.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;レッスンモード：プロジェクターで教える&lt;/h3&gt;&lt;p&gt;レッスンモードは画面いっぱいに 1 つの表示を大きく映し、スライドのようにレッスンを進めます：画像とその予測、全体の構造、数値付きの 1 つの Dense Layer、特徴マップ、どこを見ているか、特徴の再利用、教える。どの表示も動いたままで、チャンネル・予測のバー・タイルのクリックはそのまま使えます。作業画面で &lt;b&gt;F5&lt;/b&gt; を押すとレッスンが始まり、&lt;b&gt;F11&lt;/b&gt; を押すと作業画面の今の表示でレッスンモードを開きます。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Right, Down, Page Down, Space, Enter, left click</source>
        <translation>→、↓、PgDn、Space、Enter、左クリック</translation>
    </message>
    <message>
        <source>next step</source>
        <translation>次のステップ</translation>
    </message>
    <message>
        <source>Left, Up, Page Up, Backspace</source>
        <translation>←、↑、PgUp、Backspace</translation>
    </message>
    <message>
        <source>previous step</source>
        <translation>前のステップ</translation>
    </message>
    <message>
        <source>Home / End</source>
        <translation>Home / End</translation>
    </message>
    <message>
        <source>first / last step</source>
        <translation>最初 / 最後のステップ</translation>
    </message>
    <message>
        <source>a number, then Enter</source>
        <translation>番号を入力して Enter</translation>
    </message>
    <message>
        <source>jump to that step</source>
        <translation>そのステップへ移動</translation>
    </message>
    <message>
        <source>B or . (full stop)</source>
        <translation>B または .（ピリオド）</translation>
    </message>
    <message>
        <source>black screen; any key comes back</source>
        <translation>黒い画面。どのキーでも戻ります</translation>
    </message>
    <message>
        <source>W or , (comma)</source>
        <translation>W または ,（カンマ）</translation>
    </message>
    <message>
        <source>white screen; any key comes back</source>
        <translation>白い画面。どのキーでも戻ります</translation>
    </message>
    <message>
        <source>H</source>
        <translation>H</translation>
    </message>
    <message>
        <source>hide or show the speaker notes strip</source>
        <translation>話者ノートの帯を隠す / 表示する</translation>
    </message>
    <message>
        <source>E</source>
        <translation>E</translation>
    </message>
    <message>
        <source>edit the step&apos;s title and note</source>
        <translation>ステップの題とノートを編集</translation>
    </message>
    <message>
        <source>? or F1</source>
        <translation>? または F1</translation>
    </message>
    <message>
        <source>the keys of lesson mode and of the step shown</source>
        <translation>レッスンモードと表示中のステップのキー一覧</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>leave lesson mode: the workbench comes back as it was</source>
        <translation>レッスンモードを終了。作業画面が元のまま戻ります</translation>
    </message>
    <message>
        <source>&lt;p&gt;A presentation clicker sends Page Up, Page Down, Esc, F5 and B: all of them work. Lesson → Add this view as a step adds what the workbench shows to the lesson; lessons are saved and opened as files, and Lesson → Export handout… writes one PDF page per step.&lt;/p&gt;</source>
        <translation>&lt;p&gt;プレゼンテーション用のクリッカーが送る PgUp、PgDn、Esc、F5、B はすべて使えます。「レッスン → この表示をステップとして追加」で作業画面の表示をレッスンに加えます。レッスンはファイルとして保存して開けます。「レッスン → 配布資料をエクスポート…」はステップごとに 1 ページの PDF を書き出します。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>ds::ui::Handout</name>
    <message>
        <source>as in the workbench</source>
        <translation>作業画面と同じ</translation>
    </message>
    <message>
        <source>DenseScope lesson</source>
        <translation>DenseScope のレッスン</translation>
    </message>
    <message>
        <source>A DenseScope lesson handout, %1 steps</source>
        <translation>DenseScope レッスンの配布資料（%1 ステップ）</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>モデル：%1</translation>
    </message>
    <message>
        <source>Weights: %1</source>
        <translation>重み：%1</translation>
    </message>
    <message>
        <source>Image: %1</source>
        <translation>画像：%1</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>ステップ</translation>
    </message>
    <message>
        <source>cannot be shown</source>
        <translation>表示できません</translation>
    </message>
    <message>
        <source>%1 · step %2 of %3</source>
        <translation>%1 · ステップ %2 / %3</translation>
    </message>
    <message>
        <source>This step cannot be shown: %1</source>
        <translation>このステップは表示できません：%1</translation>
    </message>
</context>
<context>
    <name>ds::ui::ImageController</name>
    <message>
        <source>Chelsea the cat</source>
        <translation>猫のチェルシー</translation>
    </message>
    <message>
        <source>Coffee</source>
        <translation>コーヒー</translation>
    </message>
    <message>
        <source>Rocket</source>
        <translation>ロケット</translation>
    </message>
    <message>
        <source>Astronaut</source>
        <translation>宇宙飛行士</translation>
    </message>
    <message>
        <source>&amp;Open images…</source>
        <translation>画像を開く(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;folder…</source>
        <translation>フォルダを開く(&amp;F)…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>&amp;Paste image</source>
        <translation>画像を貼り付け(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Previous image</source>
        <translation>前の画像(&amp;P)</translation>
    </message>
    <message>
        <source>Previous image of the folder, files or samples it came from (PgUp or Left on the image)</source>
        <translation>フォルダ、開いたファイル、またはサンプルの前の画像（画像の上で PgUp または ←）</translation>
    </message>
    <message>
        <source>&amp;Next image</source>
        <translation>次の画像(&amp;N)</translation>
    </message>
    <message>
        <source>Next image of the folder, files or samples it came from (PgDn or Right on the image)</source>
        <translation>フォルダ、開いたファイル、またはサンプルの次の画像（画像の上で PgDn または →）</translation>
    </message>
    <message>
        <source>&amp;Samples</source>
        <translation>サンプル(&amp;S)</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近使ったファイル(&amp;R)</translation>
    </message>
    <message>
        <source>%1 holds no image Qt can read. Pick a folder with PNG or JPEG files.</source>
        <translation>%1 には読み込める画像がありません。PNG か JPEG のファイルがあるフォルダを選んでください。</translation>
    </message>
    <message>
        <source>Open a folder (Ctrl+Shift+O) or several files to step through them.</source>
        <translation>フォルダ（Ctrl+Shift+O）または複数のファイルを開くと、順に移動できます。</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation>（まだありません）</translation>
    </message>
    <message>
        <source>Clear list</source>
        <translation>一覧をクリア</translation>
    </message>
    <message>
        <source>Open images</source>
        <translation>画像を開く</translation>
    </message>
    <message>
        <source>Open a folder of images</source>
        <translation>画像のフォルダを開く</translation>
    </message>
    <message>
        <source>clipboard</source>
        <translation>クリップボード</translation>
    </message>
    <message>
        <source>The clipboard holds no image. Copy an image or an image file, then paste again.</source>
        <translation>クリップボードに画像がありません。画像か画像ファイルをコピーしてから、もう一度貼り付けてください。</translation>
    </message>
</context>
<context>
    <name>ds::ui::ImageView</name>
    <message>
        <source>The image as decoded</source>
        <translation>デコードしたままの画像</translation>
    </message>
    <message>
        <source>What the network sees: shorter side resized to 256, center crop 224 × 224</source>
        <translation>ネットワークが見るもの: 短辺を 256 にリサイズし、中央を 224 × 224 で切り抜き</translation>
    </message>
    <message>
        <source>Resize the shorter side to 256 (bilinear, antialiased), center crop 224 × 224</source>
        <translation>短辺を 256 にリサイズ（バイリニア、アンチエイリアスあり）し、中央を 224 × 224 で切り抜き</translation>
    </message>
    <message>
        <source>Open an image (Ctrl+O), paste one (Ctrl+V), drop files here, or pick a sample from the File menu.</source>
        <translation>画像を開く（Ctrl+O）、貼り付ける（Ctrl+V）、ここにファイルをドロップする、またはファイルメニューからサンプルを選んでください。</translation>
    </message>
    <message>
        <source>sample %1</source>
        <translation>サンプル %1</translation>
    </message>
    <message>
        <source>%1 — %2 × %3</source>
        <translation>%1 — %2 × %3</translation>
    </message>
    <message>
        <source>network input %1 × %2</source>
        <translation>ネットワークへの入力 %1 × %2</translation>
    </message>
</context>
<context>
    <name>ds::ui::InferenceWorker</name>
    <message>
        <source>The model has no layer named &apos;%1&apos;; pick one in the network tree.</source>
        <translation>モデルに &apos;%1&apos; という層はありません。ネットワークのツリーから選んでください。</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>%1 を読み込み中…</translation>
    </message>
    <message>
        <source>Decoding %1…</source>
        <translation>%1 をデコード中…</translation>
    </message>
    <message>
        <source>Running %1…</source>
        <translation>%1 を実行中…</translation>
    </message>
    <message>
        <source>No model is loaded yet; wait for the model to load, then try again.</source>
        <translation>モデルがまだ読み込まれていません。読み込みが終わるのを待ってから、もう一度お試しください。</translation>
    </message>
    <message>
        <source>No image is open; open an image first.</source>
        <translation>画像が開かれていません。先に画像を開いてください。</translation>
    </message>
</context>
<context>
    <name>ds::ui::LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>言語(&amp;L)</translation>
    </message>
    <message>
        <source>System (%1)</source>
        <translation>システム（%1）</translation>
    </message>
</context>
<context>
    <name>ds::ui::LayerTable</name>
    <message>
        <source>Filter layers (e.g. denseblock3, transition)</source>
        <translation>層を絞り込む（例: denseblock3、transition）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>種類</translation>
    </message>
    <message>
        <source>In</source>
        <translation>入力</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>出力</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>パラメータ数</translation>
    </message>
    <message>
        <source>MACs</source>
        <translation>MACs</translation>
    </message>
    <message>
        <source>The classifier&apos;s output is the prediction, not a feature map.</source>
        <translation>分類用の全結合層の出力は予測であり、特徴マップではありません。</translation>
    </message>
    <message>
        <source>Click to sort; click again to reverse, a third time for network order</source>
        <translation>クリックで並べ替え。もう一度で逆順、3 回目でネットワークの順</translation>
    </message>
    <message>
        <source>Network order</source>
        <translation>ネットワークの順</translation>
    </message>
</context>
<context>
    <name>ds::ui::LessonController</name>
    <message>
        <source>&amp;Start lesson</source>
        <translation>レッスンを開始(&amp;S)</translation>
    </message>
    <message>
        <source>Full-screen lesson mode from the first step (F5)</source>
        <translation>最初のステップから全画面のレッスンモード（F5）</translation>
    </message>
    <message>
        <source>Lesson mode for this &amp;view</source>
        <translation>この表示でレッスンモード(&amp;V)</translation>
    </message>
    <message>
        <source>Full-screen lesson mode: the current lesson, or what the workbench shows (F11)</source>
        <translation>全画面のレッスンモード：今のレッスン、または作業画面に表示しているもの（F11）</translation>
    </message>
    <message>
        <source>&amp;Built-in lesson</source>
        <translation>組み込みレッスン(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Open lesson…</source>
        <translation>レッスンを開く(&amp;O)…</translation>
    </message>
    <message>
        <source>Save lesson &amp;as…</source>
        <translation>名前を付けてレッスンを保存(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Add this view as a step</source>
        <translation>この表示をステップとして追加(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Edit steps…</source>
        <translation>ステップを編集(&amp;E)…</translation>
    </message>
    <message>
        <source>Export &amp;handout…</source>
        <translation>配布資料をエクスポート(&amp;H)…</translation>
    </message>
    <message>
        <source>Le&amp;sson</source>
        <translation>レッスン(&amp;S)</translation>
    </message>
    <message>
        <source>Opened the lesson “%1”: %2 of its %3 steps cannot be shown on this computer (Edit steps… says why).</source>
        <translation>レッスン「%1」を開きました：%3 ステップのうち %2 ステップはこのコンピュータでは表示できません（理由は「ステップを編集…」にあります）。</translation>
    </message>
    <message>
        <source>Opened the lesson “%1” (%2 steps).</source>
        <translation>レッスン「%1」を開きました（%2 ステップ）。</translation>
    </message>
    <message>
        <source>There is no lesson to save: add a step first.</source>
        <translation>保存するレッスンがありません。先にステップを追加してください。</translation>
    </message>
    <message>
        <source>Saved the lesson to %1.</source>
        <translation>レッスンを %1 に保存しました。</translation>
    </message>
    <message>
        <source>The lesson has no steps: add a step first.</source>
        <translation>レッスンにステップがありません。先にステップを追加してください。</translation>
    </message>
    <message>
        <source>Drawing the handout…</source>
        <translation>配布資料を作成中…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Wrote the handout %1.</source>
        <translation>配布資料 %1 を書き出しました。</translation>
    </message>
    <message>
        <source>The handout was cancelled; nothing was written.</source>
        <translation>配布資料の作成を取り消しました。何も書き出していません。</translation>
    </message>
    <message>
        <source>Built-in lesson</source>
        <translation>組み込みレッスン</translation>
    </message>
    <message>
        <source>Added step %1: %2.</source>
        <translation>ステップ %1 を追加しました：%2。</translation>
    </message>
    <message>
        <source>The picture and its predictions</source>
        <translation>画像と予測</translation>
    </message>
    <message>
        <source>The whole network</source>
        <translation>ネットワーク全体</translation>
    </message>
    <message>
        <source>What %1 does</source>
        <translation>%1 の働き</translation>
    </message>
    <message>
        <source>How the channels grow</source>
        <translation>チャンネル数の増え方</translation>
    </message>
    <message>
        <source>Feature maps of %1</source>
        <translation>%1 の特徴マップ</translation>
    </message>
    <message>
        <source>Channel %1 of %2</source>
        <translation>%2 のチャンネル %1</translation>
    </message>
    <message>
        <source>Where it looks, block by block</source>
        <translation>ブロックごとに見る場所</translation>
    </message>
    <message>
        <source>Where it looks</source>
        <translation>どこを見ているか</translation>
    </message>
    <message>
        <source>Feature reuse</source>
        <translation>特徴の再利用</translation>
    </message>
    <message>
        <source>Images that excite channel %1</source>
        <translation>チャンネル %1 が強く反応する画像</translation>
    </message>
    <message>
        <source>What channel %1 wants to see</source>
        <translation>チャンネル %1 が見たいもの</translation>
    </message>
    <message>
        <source>Teaching it new classes</source>
        <translation>新しいクラスを教える</translation>
    </message>
    <message>
        <source>My lesson</source>
        <translation>私のレッスン</translation>
    </message>
    <message>
        <source>Open lesson</source>
        <translation>レッスンを開く</translation>
    </message>
    <message>
        <source>DenseScope lessons (*.json);;All files (*)</source>
        <translation>DenseScope のレッスン (*.json);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Save lesson as</source>
        <translation>名前を付けてレッスンを保存</translation>
    </message>
    <message>
        <source>DenseScope lessons (*.json)</source>
        <translation>DenseScope のレッスン (*.json)</translation>
    </message>
    <message>
        <source>Export handout</source>
        <translation>配布資料をエクスポート</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文書 (*.pdf)</translation>
    </message>
</context>
<context>
    <name>ds::ui::LessonEditor</name>
    <message>
        <source>Edit the lesson&apos;s steps</source>
        <translation>レッスンのステップを編集</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上へ</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下へ</translation>
    </message>
    <message>
        <source>Delete step</source>
        <translation>ステップを削除</translation>
    </message>
    <message>
        <source>Shows:</source>
        <translation>表示するもの：</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>タイトル：</translation>
    </message>
    <message>
        <source>Speaker note:</source>
        <translation>話す内容のメモ：</translation>
    </message>
    <message>
        <source>the image and its predictions</source>
        <translation>画像と予測</translation>
    </message>
    <message>
        <source>the architecture</source>
        <translation>ネットワークの構造</translation>
    </message>
    <message>
        <source>one module explained</source>
        <translation>1 つのモジュールの説明</translation>
    </message>
    <message>
        <source>the channel-growth chart</source>
        <translation>チャンネル数の増加のグラフ</translation>
    </message>
    <message>
        <source>feature maps</source>
        <translation>特徴マップ</translation>
    </message>
    <message>
        <source>one channel on the image</source>
        <translation>画像に重ねた 1 チャンネル</translation>
    </message>
    <message>
        <source>where it looks</source>
        <translation>どこを見ているか</translation>
    </message>
    <message>
        <source>where it looks, block by block</source>
        <translation>ブロックごとに見る場所</translation>
    </message>
    <message>
        <source>feature reuse</source>
        <translation>特徴の再利用</translation>
    </message>
    <message>
        <source>top images</source>
        <translation>トップ画像</translation>
    </message>
    <message>
        <source>a visualised channel</source>
        <translation>可視化したチャンネル</translation>
    </message>
    <message>
        <source>Teach</source>
        <translation>教える</translation>
    </message>
    <message>
        <source>channel %1</source>
        <translation>チャンネル %1</translation>
    </message>
    <message>
        <source>class %1</source>
        <translation>クラス %1</translation>
    </message>
    <message>
        <source>block %1</source>
        <translation>ブロック %1</translation>
    </message>
    <message>
        <source>Cannot be shown: %1</source>
        <translation>表示できません：%1</translation>
    </message>
</context>
<context>
    <name>ds::ui::LessonFile</name>
    <message>
        <source>“%1” must be text (in quotes), not %2.</source>
        <translation>「%1」は文字列（引用符で囲んだもの）でなければなりません。%2 ではいけません。</translation>
    </message>
    <message>
        <source>“%1” is %2 characters long; a lesson allows at most %3.</source>
        <translation>「%1」は %2 文字あります。レッスンでは最大 %3 文字です。</translation>
    </message>
    <message>
        <source>“%1” holds a control character (U+%2), which no lesson text has.</source>
        <translation>「%1」に制御文字（U+%2）が含まれています。レッスンの文字列には使えません。</translation>
    </message>
    <message>
        <source>“%1” must be a whole number, not %2.</source>
        <translation>「%1」は整数でなければなりません。%2 ではいけません。</translation>
    </message>
    <message>
        <source>“%1” is %2; it must be from %3 to %4.</source>
        <translation>「%1」が %2 です。%3 から %4 まででなければなりません。</translation>
    </message>
    <message>
        <source>true/false</source>
        <translation>true/false</translation>
    </message>
    <message>
        <source>the number %1</source>
        <translation>数値 %1</translation>
    </message>
    <message>
        <source>the text %1</source>
        <translation>文字列 %1</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>リスト</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>オブジェクト</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>何もないもの</translation>
    </message>
    <message>
        <source>Step %1</source>
        <translation>ステップ %1</translation>
    </message>
    <message>
        <source>each step must be an object ({ … }), not %1.</source>
        <translation>各ステップはオブジェクト（{ … }）でなければなりません。%1 ではいけません。</translation>
    </message>
    <message>
        <source>it has no “kind” (what it shows: %1).</source>
        <translation>「kind」（何を表示するか：%1）がありません。</translation>
    </message>
    <message>
        <source>it shows %1, which this DenseScope does not know (it knows %2). The file may have been made by a newer DenseScope.</source>
        <translation>%1 を表示するステップですが、この DenseScope はそれを知りません（知っているのは %2 です）。新しい DenseScope で作られたファイルかもしれません。</translation>
    </message>
    <message>
        <source>there is no such file.</source>
        <translation>そのようなファイルはありません。</translation>
    </message>
    <message>
        <source>permission denied: you may not read it.</source>
        <translation>アクセスが拒否されました：読み取る権限がありません。</translation>
    </message>
    <message>
        <source>it is a folder, not a lesson file.</source>
        <translation>レッスンファイルではなくフォルダです。</translation>
    </message>
    <message>
        <source>This is not a DenseScope lesson: it has no “version” field.</source>
        <translation>DenseScope のレッスンではありません：「version」フィールドがありません。</translation>
    </message>
    <message>
        <source>This lesson was made by a newer DenseScope (lesson format %1; this DenseScope reads format %2 and older). Update DenseScope to open it.</source>
        <translation>このレッスンは新しい DenseScope で作られています（レッスン形式 %1。この DenseScope が読めるのは形式 %2 以前です）。開くには DenseScope を更新してください。</translation>
    </message>
    <message>
        <source>The lesson has no “steps” (the list of what it shows).</source>
        <translation>レッスンに「steps」（表示するもののリスト）がありません。</translation>
    </message>
    <message>
        <source>“steps” must be a list ([ … ]), not %1.</source>
        <translation>「steps」はリスト（[ … ]）でなければなりません。%1 ではいけません。</translation>
    </message>
    <message>
        <source>The lesson has %1 steps; a lesson may have at most %2.</source>
        <translation>レッスンのステップが %1 個あります。レッスンのステップは最大 %2 個です。</translation>
    </message>
    <message>
        <source>Cannot open the lesson %1: %2</source>
        <translation>レッスン %1 を開けません：%2</translation>
    </message>
    <message>
        <source>no file name was given.</source>
        <translation>ファイル名が指定されていません。</translation>
    </message>
    <message>
        <source>it is %1, not a lesson file.</source>
        <translation>レッスンファイルではなく、%1 です。</translation>
    </message>
    <message>
        <source>it is %1 MiB; a lesson file is at most %2 MiB. Is it really a lesson?</source>
        <translation>%1 MiB あります。レッスンファイルは最大 %2 MiB です。本当にレッスンですか？</translation>
    </message>
    <message>
        <source>the file is empty.</source>
        <translation>ファイルが空です。</translation>
    </message>
    <message>
        <source>it is nested too deeply to be a lesson.</source>
        <translation>入れ子が深すぎて、レッスンではありません。</translation>
    </message>
    <message>
        <source>it is not a lesson file (not JSON: %1 at byte %2).</source>
        <translation>レッスンファイルではありません（JSON ではありません：%2 バイト目で %1）。</translation>
    </message>
    <message>
        <source>it is JSON but not a lesson (a lesson is one object, { … }, with “version” and “steps”).</source>
        <translation>JSON ですがレッスンではありません（レッスンは「version」と「steps」を持つ 1 つのオブジェクト { … } です）。</translation>
    </message>
    <message>
        <source>Cannot save the lesson %1: %2</source>
        <translation>レッスン %1 を保存できません：%2</translation>
    </message>
    <message>
        <source>the image %1 is not on this computer.</source>
        <translation>画像 %1 がこのコンピュータにありません。</translation>
    </message>
    <message>
        <source>the image %1 is a folder.</source>
        <translation>画像 %1 はフォルダです。</translation>
    </message>
    <message>
        <source>the folder of images %1 is not on this computer.</source>
        <translation>画像のフォルダ %1 がこのコンピュータにありません。</translation>
    </message>
    <message>
        <source>the weights %1 are not on this computer.</source>
        <translation>重み %1 がこのコンピュータにありません。</translation>
    </message>
</context>
<context>
    <name>ds::ui::LessonMode</name>
    <message>
        <source>Lesson notes</source>
        <translation>授業ノート</translation>
    </message>
    <message>
        <source>Next: %1</source>
        <translation>次: %1</translation>
    </message>
    <message>
        <source>Next: the end of the lesson</source>
        <translation>次: 授業の終わり</translation>
    </message>
    <message>
        <source>(no note for this step)</source>
        <translation>（このステップにはノートがありません）</translation>
    </message>
    <message>
        <source>Step %1 of %2: %3</source>
        <translation>ステップ %1 / %2: %3</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>授業</translation>
    </message>
    <message>
        <source>Preparing steps: %1 of %2 ready</source>
        <translation>準備済み %1 / %2 ステップ</translation>
    </message>
    <message>
        <source>Next: → ↓ Page Down, Space, Enter or a click
Previous: ← ↑ Page Up, Backspace
First / last step: Home / End;  a number, then Enter: that step
B or . : black screen;  W or , : white screen;  any key: back
H: speaker notes on or off;  E: edit the lesson;  ? or F1: these keys
Esc: back to the workbench
In a step: click a channel, tile or heat map to see it large (click again to go back); click a prediction to mark it (on a CAM step: where it looks for it).</source>
        <translation>次へ: → ↓ Page Down、Space、Enter またはクリック
前へ: ← ↑ Page Up、Backspace
最初 / 最後のステップ: Home / End;  番号を入力して Enter: そのステップへ
B または . : 黒い画面;  W または , : 白い画面;  任意のキー: 戻る
H: 発表者ノートの表示・非表示;  E: 授業を編集;  ? または F1: このキー一覧
Esc: ワークベンチに戻る
ステップ内: チャンネル、タイル、ヒートマップをクリックすると拡大（もう一度クリックで戻る）; 予測をクリックすると強調（CAM のステップではそのクラスを見ている場所）。</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>キー</translation>
    </message>
    <message>
        <source>This lesson has no steps.</source>
        <translation>この授業にはステップがありません。</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>モデルを読み込み中…</translation>
    </message>
    <message>
        <source>Go to step %1</source>
        <translation>ステップ %1 へ移動</translation>
    </message>
</context>
<context>
    <name>ds::ui::LessonPainter</name>
    <message>
        <source>Stem</source>
        <translation>Stem</translation>
    </message>
    <message>
        <source>Block %1, layer %2</source>
        <translation>Dense Block %1、Dense Layer %2</translation>
    </message>
    <message>
        <source>Block %1</source>
        <translation>Dense Block %1</translation>
    </message>
    <message>
        <source>Transition %1</source>
        <translation>Transition Layer %1</translation>
    </message>
    <message>
        <source>block input</source>
        <translation>ブロックへの入力</translation>
    </message>
    <message>
        <source>from dense layer %1</source>
        <translation>Dense Layer %1 の出力</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>入力</translation>
    </message>
    <message>
        <source>Classifier</source>
        <translation>分類層</translation>
    </message>
    <message>
        <source>classes</source>
        <translation>クラス</translation>
    </message>
    <message>
        <source>%1: growth rate k = %2, dense layers per block %3, compression θ = %4; %5 parameters, %6 multiply-accumulates per image.</source>
        <translation>%1: growth rate k = %2、ブロックごとの Dense Layer 数 %3、圧縮率 θ = %4。パラメータ数 %5、画像 1 枚あたりの積和演算 %6 回。</translation>
    </message>
    <message>
        <source>The model has no module %1.</source>
        <translation>このモデルにはモジュール %1 がありません。</translation>
    </message>
    <message>
        <source>input: k0 + k(l − 1) = %1 + %2 × (%3 − 1) = %4 channels</source>
        <translation>入力チャンネル数 = k0 + k(l − 1) = %1 + %2 × (%3 − 1) = %4</translation>
    </message>
    <message>
        <source>x%1: + %2 new</source>
        <translation>x%1: 新しく %2 チャンネル</translation>
    </message>
    <message>
        <source>denselayer%1: BN → ReLU → 1×1 convolution to bn_size × k = %2 channels → BN → ReLU → 3×3 convolution to k = %3 channels, %4 × %5 each.</source>
        <translation>denselayer%1: BN → ReLU → 1×1 の畳み込みで bn_size × k = %2 チャンネルに → BN → ReLU → 3×3 の畳み込みで k = %3 チャンネルに（それぞれ %4 × %5）。</translation>
    </message>
    <message>
        <source>%1 parameters, %2 multiply-accumulates. The block&apos;s output has k0 + L·k = %3 + %4 × %5 = %6 channels.</source>
        <translation>パラメータ数 %1、積和演算 %2 回。ブロックの出力チャンネル数は k0 + L·k = %3 + %4 × %5 = %6。</translation>
    </message>
    <message>
        <source>output: k0 + L·k = %1 + %2 × %3 = %4 channels</source>
        <translation>出力チャンネル数 = k0 + L·k = %1 + %2 × %3 = %4</translation>
    </message>
    <message>
        <source>output: θ × C = %1 × %2 = %3 channels, %4 × %5</source>
        <translation>出力チャンネル数 = θ × C = %1 × %2 = %3、%4 × %5</translation>
    </message>
    <message>
        <source>in: %1 channels</source>
        <translation>入力: %1 チャンネル</translation>
    </message>
    <message>
        <source>out: %1 channels</source>
        <translation>出力: %1 チャンネル</translation>
    </message>
    <message>
        <source>Each of the %1 Dense Layers reads everything before it and adds k = %2 channels; nothing is overwritten. Maps stay %3 × %4.</source>
        <translation>%1 個の Dense Layer はそれぞれ、それまでのすべてを読み、k = %2 チャンネルを加えます。何も上書きされません。特徴マップは %3 × %4 のままです。</translation>
    </message>
    <message>
        <source>BN → ReLU → 1×1 convolution to %1 channels → 2×2 average pooling: the maps halve to %2 × %3.</source>
        <translation>BN → ReLU → 1×1 の畳み込みで %1 チャンネルに → 2×2 の平均プーリング: 特徴マップは半分の %2 × %3 になります。</translation>
    </message>
    <message>
        <source>%1 parameters, %2 multiply-accumulates.</source>
        <translation>パラメータ数 %1、積和演算 %2 回。</translation>
    </message>
    <message>
        <source>%1: %2 channels in, %3 channels out, maps %4 × %5; %6 parameters, %7 multiply-accumulates.</source>
        <translation>%1: 入力 %2 チャンネル、出力 %3 チャンネル、特徴マップ %4 × %5。パラメータ数 %6、積和演算 %7 回。</translation>
    </message>
    <message>
        <source>channels</source>
        <translation>チャンネル数</translation>
    </message>
    <message>
        <source>depth (dense layers and transitions, in order)</source>
        <translation>深さ（Dense Layer と Transition Layer の順）</translation>
    </message>
    <message>
        <source>%1, channel %2</source>
        <translation>%1、チャンネル %2</translation>
    </message>
    <message>
        <source>highest value %1, mean %2</source>
        <translation>最大値 %1、平均 %2</translation>
    </message>
    <message>
        <source>%1: %2 channels of %3 × %4. %5 of them; the frame&apos;s colour says which part made each:</source>
        <translation>%1: %3 × %4 の特徴マップが %2 チャンネル。そのうち %5 チャンネル。枠の色はどの部分が作ったかを表します:</translation>
    </message>
    <message>
        <source>channel %1</source>
        <translation>チャンネル %1</translation>
    </message>
    <message>
        <source>Where %1 looks for “%2” (%3): %4 at %5.</source>
        <translation>%1 が「%2」（%3）を見ている場所: %5 の %4。</translation>
    </message>
    <message>
        <source>Where it looks for “%1” (%2), from the stem to the last block:</source>
        <translation>「%1」（%2）を見ている場所、Stem から最後のブロックまで:</translation>
    </message>
    <message>
        <source>%1 (%2 × %3 positions)</source>
        <translation>%1（%2 × %3 の位置）</translation>
    </message>
    <message>
        <source>How strongly each dense layer (row) uses what each earlier layer made (column): mean |weight|, bright = much.</source>
        <translation>各 Dense Layer（行）がそれ以前の各層の出力（列）をどれだけ使っているか: 重みの絶対値の平均、明るいほど多い。</translation>
    </message>
    <message>
        <source>Rows: the reading layer (T: the transition, C: the classifier). Columns: the layer read (0: the block input).</source>
        <translation>行: 読む側の層（T: Transition Layer、C: 分類層）。列: 読まれる層（0: ブロックへの入力）。</translation>
    </message>
    <message>
        <source>The %1 images of %2 (of %3) that excite %4, channel %5 most:</source>
        <translation>%2 の画像（%3 枚）のうち、%4 のチャンネル %5 を最も強く反応させる %1 枚:</translation>
    </message>
    <message>
        <source>An image made to excite %1, channel %2 as much as possible: %3 steps of gradient ascent took the channel&apos;s mean from %4 to %5.</source>
        <translation>%1 のチャンネル %2 をできるだけ強く反応させるように作った画像: 勾配上昇 %3 ステップで、チャンネルの平均は %4 から %5 になりました。</translation>
    </message>
    <message>
        <source>Teach: show the camera a few examples of each new class in the workbench&apos;s Teach tab (Esc to go there); the predictions here then come from the taught classes.</source>
        <translation>教える: ワークベンチの「教える」タブ（Esc で移動）で、新しいクラスごとにいくつかの例をカメラに見せます。ここの予測は教えたクラスから出るようになります。</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Untrained (random) weights: the predictions mean nothing; shapes and maps are real.</source>
        <translation>未学習（ランダムな重み）: 予測に意味はありません。形状と特徴マップは本物です。</translation>
    </message>
    <message>
        <source>Untrained (random) weights: the predictions mean nothing.</source>
        <translation>未学習（ランダムな重み）: 予測に意味はありません。</translation>
    </message>
    <message>
        <source>Untrained (random) weights</source>
        <translation>未学習（ランダムな重み）</translation>
    </message>
    <message>
        <source>Preparing this step… %1 %</source>
        <translation>このステップを準備中… %1 %</translation>
    </message>
    <message>
        <source>Preparing this step…</source>
        <translation>このステップを準備中…</translation>
    </message>
    <message>
        <source>This step cannot be shown: %1</source>
        <translation>このステップは表示できません: %1</translation>
    </message>
    <message>
        <source>no model is loaded</source>
        <translation>モデルが読み込まれていません</translation>
    </message>
</context>
<context>
    <name>ds::ui::LiveController</name>
    <message>
        <source>Open &amp;video…</source>
        <translation>動画を開く(&amp;V)…</translation>
    </message>
    <message>
        <source>Play a video file through the network, as a camera would</source>
        <translation>動画ファイルをカメラと同じようにネットワークに流します</translation>
    </message>
    <message>
        <source>&amp;Start live input</source>
        <translation>ライブ入力を開始(&amp;S)</translation>
    </message>
    <message>
        <source>Ctrl+L</source>
        <translation>Ctrl+L</translation>
    </message>
    <message>
        <source>&amp;Freeze frame</source>
        <translation>フレームを止める(&amp;F)</translation>
    </message>
    <message>
        <source>Hold the frame shown to inspect it; Space again continues (Space)</source>
        <translation>表示中のフレームを止めて調べます。もう一度 Space で再開します（Space）</translation>
    </message>
    <message>
        <source>&amp;Loop video</source>
        <translation>動画をくり返し再生(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Live</source>
        <translation>ライブ(&amp;L)</translation>
    </message>
    <message>
        <source>Live mode classifies the newest frame whenever the network is free and skips the frames that arrive meanwhile (dropped).</source>
        <translation>ライブモードでは、ネットワークが空くたびに最新のフレームを分類し、その間に届いたフレームは飛ばします（ドロップ）。</translation>
    </message>
    <message>
        <source>Open video</source>
        <translation>動画を開く</translation>
    </message>
    <message>
        <source>Cameras</source>
        <translation>カメラ</translation>
    </message>
    <message>
        <source>Classify what this camera sees, frame after frame</source>
        <translation>このカメラの映像をフレームごとに分類します</translation>
    </message>
    <message>
        <source>No camera found — connect one and it appears here</source>
        <translation>カメラが見つかりません — 接続するとここに表示されます</translation>
    </message>
    <message>
        <source>Qt Multimedia finds no camera on this computer. A video file works the same way: Open video…</source>
        <translation>Qt Multimedia はこのコンピューターにカメラを見つけられません。動画ファイルでも同じように使えます: 動画を開く…</translation>
    </message>
    <message>
        <source>&amp;Stop live input</source>
        <translation>ライブ入力を停止(&amp;S)</translation>
    </message>
    <message>
        <source>Stop the camera or video; the last frame stays (Ctrl+L)</source>
        <translation>カメラまたは動画を止めます。最後のフレームは残ります（Ctrl+L）</translation>
    </message>
    <message>
        <source>Start the camera or video again (Ctrl+L)</source>
        <translation>カメラまたは動画をもう一度開始します（Ctrl+L）</translation>
    </message>
    <message>
        <source>Frozen: %1 (Space continues)</source>
        <translation>停止中: %1（Space で再開）</translation>
    </message>
    <message>
        <source>Live stopped: %1</source>
        <translation>ライブ停止: %1</translation>
    </message>
    <message>
        <source>Live: %1 · %2 fps · %3% dropped</source>
        <translation>ライブ: %1 · %2 fps · ドロップ %3%</translation>
    </message>
</context>
<context>
    <name>ds::ui::MainWindow</name>
    <message>
        <source>DenseScope</source>
        <translation>DenseScope</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>ネットワーク</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>画像</translation>
    </message>
    <message>
        <source>Predictions</source>
        <translation>予測</translation>
    </message>
    <message>
        <source>Feature maps</source>
        <translation>特徴マップ</translation>
    </message>
    <message>
        <source>Channel growth</source>
        <translation>チャンネル数の増加</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>層</translation>
    </message>
    <message>
        <source>
Still using %1 with %2 on %3.</source>
        <translation>
引き続き %1（%2、%3）を使っています。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Untrained weights&lt;/b&gt; (random): these predictions mean nothing, but shapes, channel growth and feature maps are real. </source>
        <translation>&lt;b&gt;未学習の重み&lt;/b&gt;（ランダムな重み）: この予測に意味はありませんが、形状、チャンネル数の増加、特徴マップは本物です。</translation>
    </message>
    <message>
        <source>No ImageNet weights exist for %1; load trained weights from a .pth or .safetensors file (File → Load weights, or drop it on the window).</source>
        <translation>%1 には ImageNet の重みがありません。学習済みの重みを .pth か .safetensors ファイルから読み込んでください（ファイル → 重みを読み込む、またはウィンドウにドロップ）。</translation>
    </message>
    <message>
        <source>Load &amp;weights…</source>
        <translation>重みを読み込む(&amp;W)…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+W</source>
        <translation>Ctrl+Shift+W</translation>
    </message>
    <message>
        <source>Load weights</source>
        <translation>重みを読み込む</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>拡大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>縮小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Normal size</source>
        <translation>標準のサイズ(&amp;N)</translation>
    </message>
    <message>
        <source>Ctrl+0</source>
        <translation>Ctrl+0</translation>
    </message>
    <message>
        <source>&amp;About DenseScope</source>
        <translation>DenseScope について(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Qt について(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>移動(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>サンプル</translation>
    </message>
    <message>
        <source>dropped image</source>
        <translation>ドロップした画像</translation>
    </message>
    <message>
        <source>no model loaded yet</source>
        <translation>モデルはまだ読み込まれていません</translation>
    </message>
    <message>
        <source>About DenseScope</source>
        <translation>DenseScope について</translation>
    </message>
    <message>
        <source>&lt;h3&gt;DenseScope %1&lt;/h3&gt;&lt;p&gt;See inside DenseNet image classifiers: structure, channel growth, feature maps and predictions.&lt;/p&gt;&lt;p&gt;Qt %2 (built with %3)&lt;br&gt;%4&lt;br&gt;Device: %5&lt;/p&gt;&lt;p&gt;Sample images: see their credits in the source tree (resources/samples).&lt;/p&gt;</source>
        <translation>&lt;h3&gt;DenseScope %1&lt;/h3&gt;&lt;p&gt;DenseNet 画像認識モデルの内部を見る: 構造、チャンネル数の増加、特徴マップ、予測。&lt;/p&gt;&lt;p&gt;Qt %2（ビルド時 %3）&lt;br&gt;%4&lt;br&gt;デバイス: %5&lt;/p&gt;&lt;p&gt;サンプル画像のクレジットはソースツリー（resources/samples）にあります。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation>説明</translation>
    </message>
    <message>
        <source>CUDA was chosen last time, but no GPU is available now: using the CPU.</source>
        <translation>前回は CUDA を選びましたが、いまは GPU がないため CPU を使います。</translation>
    </message>
    <message>
        <source>%1 — DenseScope</source>
        <translation>%1 — DenseScope</translation>
    </message>
    <message>
        <source>&amp;Guide</source>
        <translation>ガイド(&amp;G)</translation>
    </message>
    <message>
        <source>What a DenseNet is and how to read each panel, with diagrams</source>
        <translation>DenseNet とは何か、各パネルの読み方（図つき）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Stop loading the model and keep the one in use (Esc)</source>
        <translation>モデルの読み込みを中止し、いま使っているモデルを使い続けます（Esc）</translation>
    </message>
    <message>
        <source>Cancel Loading</source>
        <translation>読み込みをキャンセル</translation>
    </message>
    <message>
        <source>Loading %1 was cancelled. Still using %2.</source>
        <translation>%1 の読み込みをキャンセルしました。引き続き %2 を使っています。</translation>
    </message>
    <message>
        <source>Loading %1 was cancelled.</source>
        <translation>%1 の読み込みをキャンセルしました。</translation>
    </message>
    <message>
        <source>Where it looks</source>
        <translation>どこを見ているか（CAM）</translation>
    </message>
    <message>
        <source>Feature reuse</source>
        <translation>特徴の再利用</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>統計</translation>
    </message>
    <message>
        <source>Top images</source>
        <translation>トップ画像</translation>
    </message>
    <message>
        <source>Visualise</source>
        <translation>可視化</translation>
    </message>
    <message>
        <source>For ImageNet predictions, choose Weights → Download ImageNet weights (one click), or put &lt;code&gt;%1&lt;/code&gt; from download.pytorch.org/models/ into &lt;code&gt;%2&lt;/code&gt; by hand.</source>
        <translation>ImageNet で学習した予測を見るには、重み → ImageNet の重みをダウンロード を選ぶ（ワンクリック）か、download.pytorch.org/models/ の &lt;code&gt;%1&lt;/code&gt; を手作業で &lt;code&gt;%2&lt;/code&gt; に置いてください。</translation>
    </message>
    <message>
        <source>Weights (*.pth *.pt *.tar *.ckpt *.safetensors);;All files (*)</source>
        <translation>重み (*.pth *.pt *.tar *.ckpt *.safetensors);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Teach</source>
        <translation>教える</translation>
    </message>
    <message>
        <source>Attributions</source>
        <translation>画素ごとの寄与</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比較</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>レイアウトを元に戻す(&amp;R)</translation>
    </message>
    <message>
        <source>Every panel back to its place and size in the default layout for this screen</source>
        <translation>すべてのパネルを、この画面の既定のレイアウトの位置と大きさに戻します</translation>
    </message>
    <message>
        <source>Toolbar</source>
        <translation>ツールバー</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>画像</translation>
    </message>
    <message>
        <source>This is the largest zoom with room for every panel in %1×%2 pixels. Lesson mode (F11) shows one panel at a time, large.</source>
        <translation>%1×%2 ピクセルにすべてのパネルが収まる最大の拡大率です。レッスンモード（F11）なら、1 つずつ大きく表示します。</translation>
    </message>
</context>
<context>
    <name>ds::ui::ModelPanel</name>
    <message>
        <source>Custom layout…</source>
        <translation>カスタム構成…</translation>
    </message>
    <message>
        <source>torchvision&apos;s DenseNet variants, the paper&apos;s DenseNet-264, or your own layout</source>
        <translation>torchvision の DenseNet の各モデル、論文の DenseNet-264、または独自の構成</translation>
    </message>
    <message>
        <source>Variant</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>重み</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>デバイス</translation>
    </message>
    <message>
        <source>Random (untrained)</source>
        <translation>ランダム（未学習）</translation>
    </message>
    <message>
        <source>ImageNet (torch hub cache)</source>
        <translation>ImageNet（torch hub のキャッシュ）</translation>
    </message>
    <message>
        <source>File…</source>
        <translation>ファイル…</translation>
    </message>
    <message>
        <source>seed </source>
        <translation>シード </translation>
    </message>
    <message>
        <source>.pth or .safetensors; or drop a file on the window</source>
        <translation>.pth か .safetensors。ウィンドウにファイルをドロップしても読み込めます</translation>
    </message>
    <message>
        <source>Choose a weights file</source>
        <translation>重みファイルを選ぶ</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>自動</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
    <message>
        <source>CUDA (no GPU found)</source>
        <translation>CUDA（GPU が見つかりません）</translation>
    </message>
    <message>
        <source>Custom layout</source>
        <translation>カスタム構成</translation>
    </message>
    <message>
        <source>Growth rate k: channels each dense layer adds</source>
        <translation>growth rate k: 各 Dense Layer が追加するチャンネル数</translation>
    </message>
    <message>
        <source>Dense layers per block, e.g. 6,12,24,16</source>
        <translation>ブロックごとの Dense Layer の数（例: 6,12,24,16）</translation>
    </message>
    <message>
        <source>Channels after the stem (k0 of the first block)</source>
        <translation>stem の後のチャンネル数（最初のブロックの k0）</translation>
    </message>
    <message>
        <source>Transition compression theta in (0, 1]</source>
        <translation>Transition Layer の圧縮率 θ（0 より大きく 1 以下）</translation>
    </message>
    <message>
        <source>Bottleneck width factor: the 1x1 conv outputs bn_size * k channels</source>
        <translation>ボトルネックの幅の係数: 1×1 の畳み込みは bn_size × k チャンネルを出力</translation>
    </message>
    <message>
        <source>Growth rate k</source>
        <translation>growth rate k</translation>
    </message>
    <message>
        <source>Blocks</source>
        <translation>ブロック</translation>
    </message>
    <message>
        <source>Initial features</source>
        <translation>初期チャンネル数</translation>
    </message>
    <message>
        <source>Compression θ</source>
        <translation>圧縮率 θ</translation>
    </message>
    <message>
        <source>bn_size</source>
        <translation>bn_size</translation>
    </message>
    <message>
        <source> — untrained, predictions are meaningless</source>
        <translation> — 未学習のため、予測に意味はありません</translation>
    </message>
    <message>
        <source>Loaded: %1 (%2 ms)&lt;br&gt;Weights: %3</source>
        <translation>読み込み済み: %1（%2 ms）&lt;br&gt;重み: %3</translation>
    </message>
    <message>
        <source>Open weights</source>
        <translation>重みを開く</translation>
    </message>
    <message>
        <source>Put %1 into %2.</source>
        <translation>%1 を %2 に置いてください。</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 parameters&lt;/b&gt; · %2 at 224×224&lt;br&gt;%3</source>
        <translation>&lt;b&gt;パラメータ数 %1&lt;/b&gt; · 224×224 で %2&lt;br&gt;%3</translation>
    </message>
    <message>
        <source> MACs</source>
        <translation> MACs</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>No CUDA GPU is available on this computer (or this LibTorch was built without CUDA). The model runs on the CPU.</source>
        <translation>このコンピュータには CUDA の GPU がありません（または LibTorch が CUDA なしでビルドされています）。モデルは CPU で動きます。</translation>
    </message>
    <message>
        <source>&amp;Load layout</source>
        <translation>構成を読み込む(&amp;L)</translation>
    </message>
    <message>
        <source>Build this layout and run the image through it (Enter in Blocks)</source>
        <translation>この構成でモデルを組み立て、画像を通します（ブロック欄で Enter）</translation>
    </message>
    <message>
        <source>Switch to the file&apos;s layout and load it</source>
        <translation>ファイルの構成に切り替えて読み込む</translation>
    </message>
    <message>
        <source>Switch to %1 and load this file</source>
        <translation>%1 に切り替えてこのファイルを読み込む</translation>
    </message>
    <message>
        <source>Loads this file with the layout it was made for: %1</source>
        <translation>このファイルを、作られたときの構成で読み込みます: %1</translation>
    </message>
    <message>
        <source>Download ImageNet weights (%1)</source>
        <translation>ImageNet の重みをダウンロード（%1）</translation>
    </message>
    <message>
        <source>Download the ImageNet weights for %1 into %2, then use them.</source>
        <translation>%1 の ImageNet の重みを %2 にダウンロードして使います。</translation>
    </message>
    <message>
        <source>Labels: %1</source>
        <translation>ラベル: %1</translation>
    </message>
    <message>
        <source>Weights (*.pth *.pt *.tar *.ckpt *.safetensors);;All files (*)</source>
        <translation>重み (*.pth *.pt *.tar *.ckpt *.safetensors);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Labels…</source>
        <translation>ラベル…</translation>
    </message>
    <message>
        <source>Name the classes of this file&apos;s classifier: a text file with one label per line</source>
        <translation>このファイルの分類用の全結合層のクラスに名前を付けます（1 行に 1 つのラベルを書いたテキストファイル）</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>ラベル</translation>
    </message>
    <message>
        <source>Choose a weights file first: labels name the classes of a file&apos;s classifier, one label per line.</source>
        <translation>先に重みファイルを選んでください。ラベルは、そのファイルの分類用の全結合層のクラスに付ける名前です（1 行に 1 つ）。</translation>
    </message>
    <message>
        <source>Open labels</source>
        <translation>ラベルを開く</translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>テキストファイル (*.txt);;すべてのファイル (*)</translation>
    </message>
</context>
<context>
    <name>ds::ui::NetworkTree</name>
    <message>
        <source>Layer</source>
        <translation>層</translation>
    </message>
    <message>
        <source>Output C × H × W</source>
        <translation>出力 C × H × W</translation>
    </message>
    <message>
        <source>%1
in %2 channels → out %3 channels, %4 × %5
%6 parameters</source>
        <translation>%1
入力 %2 チャンネル → 出力 %3 チャンネル、%4 × %5
パラメータ数 %6</translation>
    </message>
    <message>
        <source>stem</source>
        <translation>stem</translation>
    </message>
    <message>
        <source>
%1 dense layers</source>
        <translation>
Dense Layer %1 個</translation>
    </message>
    <message>
        <source>stem: 7×7 conv stride 2, BN, ReLU, 3×3 max pool stride 2</source>
        <translation>stem: 7×7 の畳み込み（stride 2）、BN、ReLU、3×3 の最大プーリング（stride 2）</translation>
    </message>
</context>
<context>
    <name>ds::ui::PredictionsChart</name>
    <message>
        <source>probability</source>
        <translation>確率</translation>
    </message>
    <message>
        <source>top-</source>
        <translation>上位 </translation>
    </message>
    <message>
        <source>How many classes to show</source>
        <translation>表示するクラスの数</translation>
    </message>
    <message>
        <source>Click a class to see where the network looks for it (Where it looks)</source>
        <translation>クラスをクリックすると、ネットワークがそのクラスのためにどこを見ているかを表示します（クラス活性化マップ）</translation>
    </message>
</context>
<context>
    <name>ds::ui::ReusePanel</name>
    <message>
        <source>Each cell: the mean |weight| a target layer (row) gives to a source&apos;s channels (column), as in Figure 5 of the DenseNet paper. The paper found that later layers still use features made early in the block, and that transitions pass on little of some sources. Click a cell to select the target and mark the source&apos;s channels.</source>
        <translation>各セルは、ターゲットの層（行）がソース（列）のチャンネルに掛ける重みの絶対値の平均です（DenseNet 論文の図 5 と同じ）。論文では、ブロックの後半の層もブロックの初めのほうで作られた特徴を使い続けること、Transition Layer は一部のソースをほとんど先へ渡さないことが示されています。セルをクリックするとターゲットの層を選び、ソースのチャンネルに印を付けます。</translation>
    </message>
    <message>
        <source>Mean |weight| of each target (row) per source (column), as in the DenseNet paper&apos;s Figure 5. Hover here for what the paper found.</source>
        <translation>ターゲット（行）ごと、ソース（列）ごとの重みの絶対値の平均（DenseNet 論文の図 5）。論文で分かったことはここにマウスを置くと表示されます。</translation>
    </message>
    <message>
        <source>Random (untrained) weights: every source gets about the same weight, so this picture is noise.</source>
        <translation>ランダムな重み（未学習）です。どのソースにもほぼ同じ重みが掛かるので、この図はノイズにすぎません。</translation>
    </message>
    <message>
        <source>Normalise per target</source>
        <translation>ターゲットごとに正規化</translation>
    </message>
    <message>
        <source>Divide each row by its largest value: which sources each target uses most</source>
        <translation>各行をその行の最大値で割ります：各ターゲットがどのソースを最もよく使うか</translation>
    </message>
    <message>
        <source>No model loaded.</source>
        <translation>モデルが読み込まれていません。</translation>
    </message>
    <message>
        <source>Computing the heat map…</source>
        <translation>ヒートマップを計算しています…</translation>
    </message>
    <message>
        <source>The heat map could not be computed: %1</source>
        <translation>ヒートマップを計算できませんでした：%1</translation>
    </message>
    <message>
        <source>Selected %1. Its source %2 is channels %3–%4 of %5: marked in the growth chart, and in the channel grid while it shows %5.</source>
        <translation>%1 を選びました。そのソース %2 は %5 のチャンネル %3–%4 です。チャンネル数の推移のグラフと、%5 を表示している間はチャンネルの一覧にも印を付けています。</translation>
    </message>
    <message>
        <source>(the block&apos;s input)</source>
        <translation>（ブロックへの入力）</translation>
    </message>
    <message>
        <source>This model has no dense block.</source>
        <translation>このモデルには Dense Block がありません。</translation>
    </message>
    <message>
        <source>the block&apos;s input</source>
        <translation>ブロックへの入力</translation>
    </message>
    <message>
        <source>%1 reads %2 (channels %3–%4)
mean |W| = %5</source>
        <translation>%1 が読む %2（チャンネル %3–%4）
|W| の平均 = %5</translation>
    </message>
    <message>
        <source>%1 % of this target&apos;s largest</source>
        <translation>このターゲットの最大値の %1 %</translation>
    </message>
    <message>
        <source>Dense block %1</source>
        <translation>Dense Block %1</translation>
    </message>
    <message>
        <source>in</source>
        <translation>入力</translation>
    </message>
    <message>
        <source>FC</source>
        <translation>FC</translation>
    </message>
    <message>
        <source>T%1</source>
        <translation>T%1</translation>
    </message>
    <message>
        <source>source layer</source>
        <translation>ソースの層</translation>
    </message>
    <message>
        <source>target layer</source>
        <translation>ターゲットの層</translation>
    </message>
</context>
<context>
    <name>ds::ui::StaleMarks</name>
    <message>
        <source>Updating…</source>
        <translation>更新中…</translation>
    </message>
</context>
<context>
    <name>ds::ui::StatisticsPanel</name>
    <message>
        <source>Channel</source>
        <translation>チャンネル</translation>
    </message>
    <message>
        <source>Bins</source>
        <translation>ビン数</translation>
    </message>
    <message>
        <source>Histogram bins between the channel&apos;s minimum and maximum</source>
        <translation>チャンネルの最小値から最大値までのヒストグラムのビン数</translation>
    </message>
    <message>
        <source>value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>positions</source>
        <translation>位置の数</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>平均</translation>
    </message>
    <message>
        <source>Mean of every channel, sorted</source>
        <translation>全チャンネルの平均、並べ替え：</translation>
    </message>
    <message>
        <source>by channel</source>
        <translation>チャンネル順</translation>
    </message>
    <message>
        <source>by value</source>
        <translation>値の大きい順</translation>
    </message>
    <message>
        <source>channel mean</source>
        <translation>チャンネルの平均</translation>
    </message>
    <message>
        <source>No feature map yet: choose an image and a layer.</source>
        <translation>特徴マップはまだありません。画像と層を選んでください。</translation>
    </message>
    <message>
        <source>%1, channel %2 of %3 (%4 × %5 values)</source>
        <translation>%1、チャンネル %2（全 %3 チャンネル、%4 × %5 個の値）</translation>
    </message>
    <message>
        <source>min %1   max %2   mean %3   std %4   ≤ 0: %5 %</source>
        <translation>最小 %1   最大 %2   平均 %3   標準偏差 %4   0 以下: %5 %</translation>
    </message>
    <message>
        <source>channels, highest mean first</source>
        <translation>チャンネル（平均の大きい順）</translation>
    </message>
    <message>
        <source>channel</source>
        <translation>チャンネル</translation>
    </message>
    <message>
        <source>channel %1: mean %2</source>
        <translation>チャンネル %1：平均 %2</translation>
    </message>
</context>
<context>
    <name>ds::ui::StatusPanel</name>
    <message>
        <source>Time of each stage of the last classification</source>
        <translation>直前の分類の各段階の所要時間</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>準備完了</translation>
    </message>
    <message>
        <source>decode %1 ms · preprocess %2 ms · forward %3 ms · maps %4 ms</source>
        <translation>デコード %1 ms · 前処理 %2 ms · 順伝播 %3 ms · マップ %4 ms</translation>
    </message>
    <message>
        <source>weights: %1</source>
        <translation>重み: %1</translation>
    </message>
</context>
<context>
    <name>ds::ui::TeachController</name>
    <message>
        <source>&lt;b&gt;Taught classes&lt;/b&gt;: these predictions come from the classes trained in the Teach tab, where you can switch back to ImageNet classes.</source>
        <translation>&lt;b&gt;教えたクラス&lt;/b&gt;：この予測は「教える」タブで学習したクラスによるものです。ImageNet のクラスにはそのタブで戻せます。</translation>
    </message>
</context>
<context>
    <name>ds::ui::TeachPanel</name>
    <message>
        <source>Teach the network your own classes: make a class for each kind of thing, give each class examples, then press Train.</source>
        <translation>ネットワークに自分のクラスを教えます。見分けたいものごとにクラスを作り、それぞれに例の画像を加えてから「学習」を押してください。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Classes&lt;/b&gt;</source>
        <translation>&lt;b&gt;クラス&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&amp;New class</source>
        <translation>新しいクラス(&amp;N)</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>名前を変更…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Add images…</source>
        <translation>画像を追加…</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>フォルダを追加…</translation>
    </message>
    <message>
        <source>Paste image</source>
        <translation>画像を貼り付け</translation>
    </message>
    <message>
        <source>Add current image</source>
        <translation>表示中の画像を追加</translation>
    </message>
    <message>
        <source>Add the image the window shows now to the selected class.</source>
        <translation>ウィンドウにいま表示している画像を、選んだクラスに加えます。</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>取り除く</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>学習(&amp;T)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>&lt;b&gt;Predictions from&lt;/b&gt;</source>
        <translation>&lt;b&gt;予測に使うクラス&lt;/b&gt;</translation>
    </message>
    <message>
        <source>ImageNet classes</source>
        <translation>ImageNet のクラス</translation>
    </message>
    <message>
        <source>Taught classes</source>
        <translation>教えたクラス</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Save the taught classes as one .safetensors file.</source>
        <translation>教えたクラスを 1 つの .safetensors ファイルに保存します。</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>開く…</translation>
    </message>
    <message>
        <source>Open taught classes saved before (a .safetensors head file).</source>
        <translation>以前に保存した教えたクラス（.safetensors の分類器ファイル）を開きます。</translation>
    </message>
    <message>
        <source>&lt;b&gt;How this works.&lt;/b&gt; The network itself does not change: every example runs once through DenseNet, and the average of its last feature maps (after the final ReLU, one number per channel) describes the image. A new, small classifier (one weight per channel and class) learns to tell your classes apart from these numbers. A fifth of each class is held out: the classifier never trains on those images, so its accuracy on them shows how well it recognises images it has not seen. Even untrained (random) weights give features good enough for clear differences in shape and colour.</source>
        <translation>&lt;b&gt;しくみ&lt;/b&gt; ネットワーク自体は変わりません。例の画像はそれぞれ一度だけ DenseNet を通り、最後の特徴マップの平均（最後の ReLU の後、チャンネルごとに 1 つの数）がその画像を表します。新しい小さな分類器（チャンネルとクラスごとに 1 つの重み）が、これらの数からクラスを見分けることを学習します。各クラスの 5 分の 1 は評価用に取り分けます。分類器はその画像では学習しないので、それらでの正解率は、見たことのない画像をどれだけ認識できるかを示します。ランダムな重み（未学習）でも、形や色がはっきり違えば見分けられる特徴が得られます。</translation>
    </message>
    <message>
        <source>Class %1</source>
        <translation>クラス %1</translation>
    </message>
    <message>
        <source>Make or pick a class first, then add its examples.</source>
        <translation>先にクラスを作るか選んでから、例の画像を追加してください。</translation>
    </message>
    <message>
        <source>Cannot keep the image: the temporary folder is not writable.</source>
        <translation>画像を保持できません。一時フォルダに書き込めません。</translation>
    </message>
    <message>
        <source>%1 (1 example)</source>
        <translation>%1（例 1 枚）</translation>
    </message>
    <message>
        <source>%1 (%2 examples)</source>
        <translation>%1（例 %2 枚）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Examples of %1&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1 の例&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Examples&lt;/b&gt; (make a class first)</source>
        <translation>&lt;b&gt;例&lt;/b&gt;（先にクラスを作ってください）</translation>
    </message>
    <message>
        <source>The taught classes were made for another network, so the predictions are ImageNet&apos;s again. Load the network they were trained on to use them.</source>
        <translation>教えたクラスは別のネットワーク用に作られたため、予測は ImageNet のクラスに戻りました。使うには、学習したときのネットワークを読み込んでください。</translation>
    </message>
    <message>
        <source>These classes cannot be used with the loaded network. %1</source>
        <translation>これらのクラスは読み込まれているネットワークでは使えません。%1</translation>
    </message>
    <message>
        <source>Make at least two classes, each with examples, then train.</source>
        <translation>クラスを 2 つ以上作り、それぞれに例を加えてから学習してください。</translation>
    </message>
    <message>
        <source>The class “%1” needs at least 2 examples: some to learn from and one to test on.</source>
        <translation>クラス「%1」には例が 2 枚以上必要です（学習用と評価用）。</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>開始しています…</translation>
    </message>
    <message>
        <source>Features of image %1 of %2</source>
        <translation>画像 %1 / %2 の特徴</translation>
    </message>
    <message>
        <source>Training: epoch %1 of %2</source>
        <translation>学習中：エポック %1 / %2</translation>
    </message>
    <message>
        <source>Done: %1 images, %2 of them run through the network (the others were remembered).</source>
        <translation>完了：画像 %1 枚、そのうち %2 枚をネットワークに通しました（残りは記憶済み）。</translation>
    </message>
    <message>
        <source>Skipped %1: %2</source>
        <translation>%1 を飛ばしました：%2</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>キャンセルしました。</translation>
    </message>
    <message>
        <source>Training failed: %1</source>
        <translation>学習に失敗しました：%1</translation>
    </message>
    <message>
        <source>Nothing was held out: no accuracy measured.</source>
        <translation>評価用の画像がないため、正解率は測っていません。</translation>
    </message>
    <message>
        <source>Held-out accuracy: &lt;b&gt;%1 %&lt;/b&gt; (%2 of %3 images it did not train on)</source>
        <translation>評価用画像での正解率：&lt;b&gt;%1 %&lt;/b&gt;（学習に使っていない %3 枚中 %2 枚）</translation>
    </message>
    <message>
        <source>%1: a %2, taken for a %3</source>
        <translation>%1：%2 を %3 と判断</translation>
    </message>
    <message>
        <source>No mistakes on the held-out images.</source>
        <translation>評価用の画像での誤りはありません。</translation>
    </message>
    <message>
        <source>Mistakes on the held-out images:</source>
        <translation>評価用に取り分けた画像での誤り：</translation>
    </message>
    <message>
        <source>Train or open taught classes first.</source>
        <translation>先に学習するか、教えたクラスを開いてください。</translation>
    </message>
    <message>
        <source>Cannot save the classes: %1</source>
        <translation>クラスを保存できません：%1</translation>
    </message>
    <message>
        <source>Saved %1 classes to %2.</source>
        <translation>%1 クラスを %2 に保存しました。</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>%1 を開けません：%2</translation>
    </message>
    <message>
        <source>Save the taught classes</source>
        <translation>教えたクラスを保存</translation>
    </message>
    <message>
        <source>Taught classes (*.safetensors)</source>
        <translation>教えたクラス (*.safetensors)</translation>
    </message>
    <message>
        <source>Open taught classes</source>
        <translation>教えたクラスを開く</translation>
    </message>
    <message>
        <source>New class</source>
        <translation>新しいクラス</translation>
    </message>
    <message>
        <source>Name of the class:</source>
        <translation>クラスの名前：</translation>
    </message>
    <message>
        <source>Rename class</source>
        <translation>クラスの名前を変更</translation>
    </message>
    <message>
        <source>Add example images</source>
        <translation>例の画像を追加</translation>
    </message>
    <message>
        <source>Images (%1)</source>
        <translation>画像 (%1)</translation>
    </message>
    <message>
        <source>Add the images of a folder</source>
        <translation>フォルダの画像を追加</translation>
    </message>
    <message>
        <source>%1 holds no images this program can read.</source>
        <translation>%1 にはこのプログラムで読める画像がありません。</translation>
    </message>
    <message>
        <source>The clipboard holds no image: copy one in another program first.</source>
        <translation>クリップボードに画像がありません。先にほかのプログラムで画像をコピーしてください。</translation>
    </message>
    <message>
        <source>Hold to capture (C)</source>
        <translation>押している間取り込む (C)</translation>
    </message>
    <message>
        <source>While you hold this button (or the C key), five new live frames a second go into the selected class.</source>
        <translation>このボタン（または C キー）を押している間、ライブの新しいフレームを毎秒 5 枚、選んだクラスに追加します。</translation>
    </message>
    <message>
        <source>Start a camera or a video (Live menu) and select a class to capture live frames into it.</source>
        <translation>ライブのフレームを取り込むには、カメラか動画を開始し（ライブ メニュー）、クラスを選んでください。</translation>
    </message>
    <message>
        <source>Classes from folder…</source>
        <translation>フォルダからクラスを追加…</translation>
    </message>
    <message>
        <source>Pick a folder with one subfolder per class: each subfolder becomes a class (named after it) with its images, in one step.</source>
        <translation>クラスごとのサブフォルダを持つフォルダを選んでください。各サブフォルダが、その名前のクラスになり、中の画像が例として一度に加わります。</translation>
    </message>
    <message>
        <source>%1 has no subfolders with images. Make one subfolder per class, named after the class, with that class&apos;s images in it.</source>
        <translation>%1 には画像の入ったサブフォルダがありません。クラスごとにクラス名のサブフォルダを作り、そのクラスの画像を入れてください。</translation>
    </message>
    <message>
        <source>%1 images in %2 classes added from %3.</source>
        <translation>%3 から %2 クラス、%1 枚の画像を追加しました。</translation>
    </message>
    <message>
        <source>No new frame came from the camera or video while you held it: nothing was added to %1.</source>
        <translation>押している間にカメラや動画から新しいフレームが届かなかったため、%1 には何も追加していません。</translation>
    </message>
    <message>
        <source>1 frame added to %1.</source>
        <translation>%1 にフレームを 1 枚追加しました。</translation>
    </message>
    <message>
        <source>%1 frames added to %2.</source>
        <translation>%2 にフレームを %1 枚追加しました。</translation>
    </message>
    <message>
        <source>Held-out accuracy when it was trained: &lt;b&gt;%1 %&lt;/b&gt; (%2 of %3 images it did not train on)</source>
        <translation>学習したときの取り分けた画像での精度：&lt;b&gt;%1 %&lt;/b&gt;（学習に使わなかった %3 枚中 %2 枚）</translation>
    </message>
    <message>
        <source>This file holds the classes only: its training curve and confusion matrix were not saved in it. Train again to see them.</source>
        <translation>このファイルにはクラスだけが入っています。学習曲線と混同行列は保存されていません。見るにはもう一度学習してください。</translation>
    </message>
    <message>
        <source>This file holds no confusion matrix.</source>
        <translation>このファイルには混同行列が入っていません。</translation>
    </message>
    <message>
        <source>A folder with one subfolder per class</source>
        <translation>クラスごとのサブフォルダを持つフォルダ</translation>
    </message>
    <message>
        <source>Opened %1: %2 classes (%3).</source>
        <translation>%1 を開きました：%2 クラス（%3）。</translation>
    </message>
</context>
<context>
    <name>ds::ui::TopImagesPanel</name>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 時間 %2 分</translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation>フォルダを選択…</translation>
    </message>
    <message>
        <source>Scan</source>
        <translation>スキャン</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>フォルダ:</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>チャンネル</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>表示数</translation>
    </message>
    <message>
        <source>How many images to show</source>
        <translation>表示する画像の数</translation>
    </message>
    <message>
        <source>The channel of the selected layer (also chosen by clicking a thumbnail in Feature maps)</source>
        <translation>選択中の層のチャンネル（特徴マップのサムネイルをクリックしても選べます）</translation>
    </message>
    <message>
        <source>Outlined: the region of the network input that drives the channel&apos;s maximum. Click an image to open it.</source>
        <translation>枠: チャンネルの最大値を生み出す、ネットワークへの入力の領域。画像をクリックすると開きます。</translation>
    </message>
    <message>
        <source>Folder of images to scan</source>
        <translation>スキャンする画像のフォルダ</translation>
    </message>
    <message>
        <source>%1, channel %2 of %3, strongest first</source>
        <translation>%1、チャンネル %2（全 %3 チャンネル）、反応の強い順</translation>
    </message>
    <message>
        <source>%1
maximum %2 at (%3, %4); region x %5–%6, y %7–%8 of the 224 × 224 input</source>
        <translation>%1
最大値 %2、位置 (%3, %4)。領域: ネットワークへの入力（224×224）の x %5–%6、y %7–%8</translation>
    </message>
    <message>
        <source>Could not read %1 images (left out): %2</source>
        <translation>%1 枚の画像を読み込めませんでした（除外）: %2</translation>
    </message>
    <message>
        <source>Choose a folder of images. DenseScope runs each image through the network once, then shows for any channel of the selected layer the images that make it fire most.</source>
        <translation>画像のフォルダを選んでください。DenseScope は各画像をネットワークに一度だけ通し、選択中の層のどのチャンネルについても、最も強く反応する画像を表示します。</translation>
    </message>
    <message>
        <source>Select a layer with feature maps to rank images by one of its channels.</source>
        <translation>特徴マップを持つ層を選ぶと、そのチャンネルで画像を順位付けできます。</translation>
    </message>
    <message>
        <source>%1 of %2 images</source>
        <translation>%1 / %2 枚</translation>
    </message>
    <message>
        <source>%1 of %2 images · %3 images/s · about %4 left</source>
        <translation>%1 / %2 枚 · 毎秒 %3 枚 · 残り約 %4</translation>
    </message>
    <message>
        <source>Ready to scan.</source>
        <translation>スキャンの準備ができました。</translation>
    </message>
    <message>
        <source>Reading the saved scan…</source>
        <translation>保存したスキャンを読み込んでいます…</translation>
    </message>
    <message>
        <source>This folder holds no images.</source>
        <translation>このフォルダには画像がありません。</translation>
    </message>
    <message>
        <source>Stopped after %1 of %2 images; Resume continues where it stopped.</source>
        <translation>%2 枚中 %1 枚で停止しました。「再開」で続きから処理します。</translation>
    </message>
    <message>
        <source>None of the %1 images could be read.</source>
        <translation>%1 枚の画像はどれも読み込めませんでした。</translation>
    </message>
    <message>
        <source> · %1 images</source>
        <translation> · %1 枚</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（なし）</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>再開</translation>
    </message>
    <message>
        <source>Out of memory while reading this image.</source>
        <translation>この画像の読み込み中にメモリが不足しました。</translation>
    </message>
</context>
<context>
    <name>ds::ui::VideoFileSource</name>
    <message>
        <source>No video is open.</source>
        <translation>動画が開かれていません。</translation>
    </message>
    <message>
        <source>%1, frame %2 (%3)</source>
        <translation>%1、フレーム %2（%3）</translation>
    </message>
    <message>
        <source>Cannot play video &apos;%1&apos;: %2</source>
        <translation>動画「%1」を再生できません: %2</translation>
    </message>
    <message>
        <source>Cannot play video &apos;%1&apos;: out of memory.</source>
        <translation>動画「%1」を再生できません: メモリが足りません。</translation>
    </message>
    <message>
        <source>Cannot play video &apos;%1&apos;: an unexpected error stopped it.</source>
        <translation>動画「%1」を再生できません: 予期しないエラーで停止しました。</translation>
    </message>
</context>
<context>
    <name>ds::ui::ViewModeController</name>
    <message>
        <source>&amp;Leave the maximised panel</source>
        <translation>最大化したパネルを元に戻す(&amp;L)</translation>
    </message>
</context>
<context>
    <name>ds::ui::VisualizePanel</name>
    <message>
        <source>&amp;Steps:</source>
        <translation>ステップ数(&amp;S):</translation>
    </message>
    <message>
        <source>S&amp;eed:</source>
        <translation>シード(&amp;E):</translation>
    </message>
    <message>
        <source>Optimisation steps: more give a clearer picture and take longer.</source>
        <translation>最適化のステップ数です。多いほど画像ははっきりしますが、時間がかかります。</translation>
    </message>
    <message>
        <source>The random start and transforms: the same seed gives the same picture.</source>
        <translation>初期画像とランダムな変換を決めるシードです。同じシードからは同じ画像が得られます。</translation>
    </message>
    <message>
        <source>&amp;Visualise</source>
        <translation>可視化(&amp;V)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>PNG をエクスポート…</translation>
    </message>
    <message>
        <source>Save the synthesised 224 × 224 image as PNG.</source>
        <translation>合成した 224 × 224 の画像を PNG として保存します。</translation>
    </message>
    <message>
        <source>What excites the channel most (synthesised input)</source>
        <translation>このチャンネルを最も強く活性化する入力（合成画像）</translation>
    </message>
    <message>
        <source>step</source>
        <translation>ステップ</translation>
    </message>
    <message>
        <source>channel mean</source>
        <translation>チャンネルの平均</translation>
    </message>
    <message>
        <source>&lt;b&gt;How to read this.&lt;/b&gt; The left picture is not a photo: starting from faint noise, the input was changed step by step to raise this channel&apos;s mean activation (gradient ascent, with small random shifts, scalings and rotations so that it stays a picture rather than noise). Its patterns, colours and textures are what the channel responds to; the map beside it shows where the current image excites the same channel. The curve (the channel&apos;s mean at each step) should rise. With untrained weights expect no recognisable objects.</source>
        <translation>&lt;b&gt;見方&lt;/b&gt; 左の画像は写真ではありません。かすかなノイズから始めて、このチャンネルの活性化の平均が大きくなるように入力を少しずつ変えたものです（勾配上昇法。ノイズではなく画像らしさを保つため、毎ステップ小さなランダムな平行移動・拡大縮小・回転を加えます）。そこに現れる模様・色・質感が、このチャンネルが反応するものです。隣の特徴マップは、現在の画像のどこが同じチャンネルを活性化しているかを示します。曲線（各ステップでのチャンネルの平均）は上がっていくはずです。ランダムな重み（未学習）では、見分けのつく物体は現れません。</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;, channel &lt;b&gt;%2&lt;/b&gt; of %3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;、チャンネル &lt;b&gt;%2&lt;/b&gt;（全 %3 チャンネル）</translation>
    </message>
    <message>
        <source>Pick a layer and a channel in the feature maps.</source>
        <translation>特徴マップで層とチャンネルを選んでください。</translation>
    </message>
    <message>
        <source>The channel&apos;s map for the current image appears here.</source>
        <translation>現在の画像に対するこのチャンネルの特徴マップがここに表示されます。</translation>
    </message>
    <message>
        <source>Channel %1 for the current image (mean %2)</source>
        <translation>現在の画像のチャンネル %1（平均 %2）</translation>
    </message>
    <message>
        <source>step %v of %m</source>
        <translation>ステップ %v / %m</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>開始しています…</translation>
    </message>
    <message>
        <source>About %1 s left</source>
        <translation>残り約 %1 秒</translation>
    </message>
    <message>
        <source>Synthesised input so far (channel %1 of %2)</source>
        <translation>途中の合成画像（%2 のチャンネル %1）</translation>
    </message>
    <message>
        <source>Channel mean at the start: %1</source>
        <translation>開始時のチャンネルの平均: %1</translation>
    </message>
    <message>
        <source>Done in %1 s</source>
        <translation>%1 秒で完了</translation>
    </message>
    <message>
        <source>What excites channel %1 of %2 most (synthesised input)</source>
        <translation>%2 のチャンネル %1 を最も強く活性化する入力（合成画像）</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>キャンセルしました。</translation>
    </message>
    <message>
        <source>Export the synthesised image</source>
        <translation>合成画像をエクスポート</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 画像 (*.png)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>エクスポートに失敗しました</translation>
    </message>
    <message>
        <source>Cannot write %1: check the folder is writable and the disk is not full.</source>
        <translation>%1 に書き込めません。フォルダーに書き込み権限があり、ディスクに空きがあることを確認してください。</translation>
    </message>
    <message>
        <source>each step</source>
        <translation>各ステップ</translation>
    </message>
    <message>
        <source>running mean (8 steps)</source>
        <translation>移動平均（8 ステップ）</translation>
    </message>
    <message>
        <source>start and result, unshifted</source>
        <translation>開始時と結果（ずらさない画像）</translation>
    </message>
    <message>
        <source>Channel mean: %1 at the start, %2 for the result (the dots). The curve ends near %3 (its last 8 steps) because each step scores a randomly shifted, scaled and rotated copy with grey borders, not the picture itself.</source>
        <translation>チャンネルの平均：開始時 %1、結果 %2（点）。曲線の終わりが %3 付近（最後の 8 ステップ）なのは、各ステップが画像そのものではなく、ランダムに平行移動・拡大縮小・回転して灰色の縁を付けた画像で測っているためです。</translation>
    </message>
</context>
<context>
    <name>ds::ui::WeightsController</name>
    <message>
        <source>&amp;Weights</source>
        <translation>重み(&amp;W)</translation>
    </message>
    <message>
        <source>ImageNet</source>
        <translation>ImageNet</translation>
    </message>
    <message>
        <source>ImageNet &amp;weights…</source>
        <translation>ImageNet の重み(&amp;W)…</translation>
    </message>
    <message>
        <source>&amp;Open weights file…</source>
        <translation>重みファイルを開く(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Labels…</source>
        <translation>ラベル(&amp;L)…</translation>
    </message>
    <message>
        <source>Labels name the classes of a weights file of your own: open one first.</source>
        <translation>ラベルは自分の重みファイルのクラスに名前を付けます。先に重みファイルを開いてください。</translation>
    </message>
    <message>
        <source>ImageNet (none for this model)</source>
        <translation>ImageNet（このモデルにはありません）</translation>
    </message>
    <message>
        <source>Download ImageNet weights (%1)…</source>
        <translation>ImageNet の重みをダウンロード（%1）…</translation>
    </message>
    <message>
        <source>the ImageNet weights for %1 (%2)</source>
        <translation>%1 の ImageNet の重み（%2）</translation>
    </message>
</context>
<context>
    <name>ds::ui::WeightsDownloadDialog</name>
    <message>
        <source>about %1 s left</source>
        <translation>残り約 %1 秒</translation>
    </message>
    <message>
        <source>about %1 min %2 s left</source>
        <translation>残り約 %1 分 %2 秒</translation>
    </message>
    <message>
        <source>Download weights</source>
        <translation>重みのダウンロード</translation>
    </message>
    <message>
        <source>&lt;b&gt;Downloading %1&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1 をダウンロードしています&lt;/b&gt;</translation>
    </message>
    <message>
        <source>From: %1</source>
        <translation>ダウンロード元: %1</translation>
    </message>
    <message>
        <source>Into: %1</source>
        <translation>保存先: %1</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>接続しています…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>もう一度試す</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>%1 is already there and verified.</source>
        <translation>%1 はすでにあり、検証済みです。</translation>
    </message>
    <message>
        <source>Done: %1 (%2), verified.</source>
        <translation>完了: %1（%2）、検証済み。</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/秒</translation>
    </message>
    <message>
        <source>Not downloaded.</source>
        <translation>ダウンロードしていません。</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 is ready&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1 の準備ができました&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Download of %1 stopped&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1 のダウンロードを中止しました&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Download of %1 failed&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1 のダウンロードに失敗しました&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>ds::ui::WeightsManagerDialog</name>
    <message>
        <source>ImageNet weights</source>
        <translation>ImageNet の重み</translation>
    </message>
    <message>
        <source>The official ImageNet weights (torchvision&apos;s files). DenseScope and torchvision share them in the torch hub cache.</source>
        <translation>公式の ImageNet の重み（torchvision のファイル）です。DenseScope と torchvision は、torch hub のキャッシュにあるこれらのファイルを共用します。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>File</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Without network access: download a file from its address on another computer and put it, under the same name, in this folder.</source>
        <translation>ネットワークに接続できない場合: 別のコンピューターでファイルをそのアドレスからダウンロードし、同じファイル名のままこのフォルダーに置いてください。</translation>
    </message>
    <message>
        <source>Folder: %1</source>
        <translation>フォルダー: %1</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>確認しています…</translation>
    </message>
    <message>
        <source>Not downloaded</source>
        <translation>未ダウンロード</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>ダウンロード</translation>
    </message>
    <message>
        <source>Present, verified</source>
        <translation>あり（検証済み）</translation>
    </message>
    <message>
        <source>Present, damaged</source>
        <translation>あり（破損）</translation>
    </message>
    <message>
        <source>Download again</source>
        <translation>再ダウンロード</translation>
    </message>
</context>
</TS>
