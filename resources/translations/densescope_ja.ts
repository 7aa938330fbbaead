<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
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
</context>
<context>
    <name>ds::ImageIO</name>
    <message>
        <source>Cannot load image from standard input (-): %1</source>
        <translation>標準入力（-）から画像を読み込めません: %1</translation>
    </message>
    <message>
        <source>Cannot load image '%1': %2</source>
        <translation>画像 '%1' を読み込めません: %2</translation>
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
        <source>Convert it to PNG or JPEG, or install Qt's image-format plugins (Debian: qt6-image-formats-plugins).</source>
        <translation>PNG か JPEG に変換するか、Qt の画像形式プラグイン（Debian: qt6-image-formats-plugins）をインストールしてください。</translation>
    </message>
    <message>
        <source>Convert it to PNG or JPEG first (for HEIC/HEIF: heif-convert, from Debian's libheif-examples).</source>
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
        <source>it is a valid %1 image of %2 x %3 pixels, but Qt's %1 reader handles at most 32767 pixels per side. Convert it to PNG first (e.g. pnmtopng from netpbm).</source>
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
        <source> · from &lt;a href="%1"&gt;denselayer%2&lt;/a&gt;</source>
        <translation> · &lt;a href="%1"&gt;denselayer%2&lt;/a&gt; の出力</translation>
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
        <source>Size</source>
        <translation>サイズ</translation>
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
</context>
<context>
    <name>ds::ui::GrowthChart</name>
    <message>
        <source>Compare with</source>
        <translation>比較するモデル</translation>
    </message>
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
        <source>The model has no layer named '%1'; pick one in the network tree.</source>
        <translation>モデルに '%1' という層はありません。ネットワークのツリーから選んでください。</translation>
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
    <message>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <source>DenseScope will be shown in %1 from its next start. Restart now? The image shown now is opened again.</source>
        <translation>次回の起動から DenseScope を %1 で表示します。今すぐ再起動しますか？ いま表示している画像をもう一度開きます。</translation>
    </message>
    <message>
        <source>DenseScope could not start again. Start it yourself to see the new language.</source>
        <translation>DenseScope を再起動できませんでした。新しい言語で表示するには手動で起動してください。</translation>
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
        <source>The classifier's output is the prediction, not a feature map.</source>
        <translation>分類用の全結合層の出力は予測であり、特徴マップではありません。</translation>
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
        <source>DenseScope — %1</source>
        <translation>DenseScope — %1</translation>
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
        <source>For ImageNet predictions, download &lt;code&gt;%1&lt;/code&gt; from download.pytorch.org/models/ into &lt;code&gt;%2&lt;/code&gt;, then choose Weights → ImageNet.</source>
        <translation>ImageNet の予測を見るには、download.pytorch.org/models/ から &lt;code&gt;%1&lt;/code&gt; を &lt;code&gt;%2&lt;/code&gt; にダウンロードし、重み → ImageNet を選んでください。</translation>
    </message>
    <message>
        <source>No ImageNet weights exist for %1; load trained weights from a .pth or .safetensors file (File → Load weights, or drop it on the window).</source>
        <translation>%1 には ImageNet の重みがありません。学習済みの重みを .pth か .safetensors ファイルから読み込んでください（ファイル → 重みを読み込む、またはウィンドウにドロップ）。</translation>
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
        <source>Weights (*.pth *.pt *.safetensors);;All files (*)</source>
        <translation>重み (*.pth *.pt *.safetensors);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Previous image</source>
        <translation>前の画像(&amp;P)</translation>
    </message>
    <message>
        <source>Previous image in the folder (PgUp, or Left on the image)</source>
        <translation>フォルダ内の前の画像（PgUp、または画像の上で ←）</translation>
    </message>
    <message>
        <source>&amp;Next image</source>
        <translation>次の画像(&amp;N)</translation>
    </message>
    <message>
        <source>Next image in the folder (PgDn, or Right on the image)</source>
        <translation>フォルダ内の次の画像（PgDn、または画像の上で →）</translation>
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
        <source>&amp;Samples</source>
        <translation>サンプル(&amp;S)</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近使ったファイル(&amp;R)</translation>
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
        <source>Images</source>
        <translation>画像</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>サンプル</translation>
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
        <source>dropped image</source>
        <translation>ドロップした画像</translation>
    </message>
    <message>
        <source>clipboard</source>
        <translation>クリップボード</translation>
    </message>
    <message>
        <source>The clipboard holds no image. Copy an image or an image file, then paste again.</source>
        <translation>クリップボードに画像がありません。画像か画像ファイルをコピーしてから、もう一度貼り付けてください。</translation>
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
</context>
<context>
    <name>ds::ui::ModelPanel</name>
    <message>
        <source>Custom layout…</source>
        <translation>カスタム構成…</translation>
    </message>
    <message>
        <source>torchvision's DenseNet variants, the paper's DenseNet-264, or your own layout</source>
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
        <source>Weights (*.pth *.pt *.safetensors);;All files (*)</source>
        <translation>重み (*.pth *.pt *.safetensors);;すべてのファイル (*)</translation>
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
</TS>