<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About cnnviz</source>
        <translation>cnnviz 정보</translation>
    </message>
    <message>
        <source>See how convolution and convolutional neural networks work: step through a convolution, pool, filter images, draw a digit and watch a trained Keras CNN.</source>
        <translation>합성곱과 합성곱 신경망(CNN)이 어떻게 동작하는지 살펴봅니다: 합성곱을 한 단계씩 계산하고, 풀링하고, 이미지에 필터를 적용하고, 숫자를 그려 학습된 Keras CNN의 반응을 지켜보세요.</translation>
    </message>
    <message>
        <source>Running on: {runtime}</source>
        <translation>실행 환경: {runtime}</translation>
    </message>
</context>
<context>
    <name>Application</name>
    <message>
        <source>Keras: unavailable</source>
        <translation>Keras: 사용할 수 없음</translation>
    </message>
    <message>
        <source>A page could not be built: {error}</source>
        <translation>화면 하나를 만들지 못했습니다: {error}</translation>
    </message>
</context>
<context>
    <name>BundledModels</name>
    <message>
        <source>Handwritten digits (MNIST CNN)</source>
        <translation>손글씨 숫자 (MNIST CNN)</translation>
    </message>
    <message>
        <source>Clothing (Fashion-MNIST CNN)</source>
        <translation>옷 (Fashion-MNIST CNN)</translation>
    </message>
</context>
<context>
    <name>CameraController</name>
    <message>
        <source>camera {0}</source>
        <translation>카메라 {0}</translation>
    </message>
    <message>
        <source>Cannot open {0}: no camera is connected there. Try another camera number.</source>
        <translation>{0}을(를) 열 수 없습니다: 그 번호에 연결된 카메라가 없습니다. 다른 카메라 번호를 골라 보세요.</translation>
    </message>
    <message>
        <source>{0} opened but sends no picture: another program may be using it.</source>
        <translation>{0}이(가) 열렸지만 영상을 보내지 않습니다: 다른 프로그램이 사용 중일 수 있습니다.</translation>
    </message>
    <message>
        <source>{0} stopped sending pictures: was it unplugged? The last frame stays.</source>
        <translation>{0}이(가) 영상을 더 보내지 않습니다: 연결이 빠졌나요? 마지막 프레임은 그대로 남습니다.</translation>
    </message>
    <message>
        <source>Cannot play {0}: the file is missing or not a video OpenCV can read.</source>
        <translation>{0}을(를) 재생할 수 없습니다: 파일이 없거나 OpenCV가 읽을 수 있는 동영상이 아닙니다.</translation>
    </message>
    <message>
        <source>{0}: the video has ended.</source>
        <translation>{0}: 동영상이 끝났습니다.</translation>
    </message>
    <message>
        <source>Loading {0}…</source>
        <translation>{0} 불러오는 중…</translation>
    </message>
    <message>
        <source>{0} — input {1}×{2}×{3}, pixels {4:g}…{5:g}, {6} classes</source>
        <translation>{0} — 입력 {1}×{2}×{3}, 픽셀 {4:g}…{5:g}, 클래스 {6}개</translation>
    </message>
    <message>
        <source>Open a video file</source>
        <translation>동영상 파일 열기</translation>
    </message>
    <message>
        <source>Videos (*.avi *.mp4 *.mov *.mkv *.webm *.mpg *.mpeg *.m4v *.wmv);;All files (*)</source>
        <translation>동영상 (*.avi *.mp4 *.mov *.mkv *.webm *.mpg *.mpeg *.m4v *.wmv);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Opening {0}…</source>
        <translation>{0} 여는 중…</translation>
    </message>
    <message>
        <source>Paused at frame {0}. Press Space to go on.</source>
        <translation>{0}번 프레임에서 일시 정지했습니다. 계속하려면 Space 키를 누르세요.</translation>
    </message>
    <message>
        <source>Frame {0} · {1:.1f} frames/s · network {2:.0f} ms</source>
        <translation>프레임 {0} · 초당 {1:.1f}프레임 · 신경망 {2:.0f} ms</translation>
    </message>
    <message>
        <source>No frame to save yet: start a camera or a video first</source>
        <translation>아직 저장할 프레임이 없습니다: 먼저 카메라나 동영상을 시작하세요</translation>
    </message>
    <message>
        <source>Cannot save the snapshot: {0}</source>
        <translation>스냅샷을 저장할 수 없습니다: {0}</translation>
    </message>
    <message>
        <source>Saved {0} and {1}</source>
        <translation>{0}와(과) {1}을(를) 저장했습니다</translation>
    </message>
    <message>
        <source>Save a snapshot</source>
        <translation>스냅샷 저장</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 이미지 (*.png)</translation>
    </message>
    <message>
        <source>No frame yet: start a camera or a video first</source>
        <translation>아직 프레임이 없습니다: 먼저 카메라나 동영상을 시작하세요</translation>
    </message>
    <message>
        <source>Camera frame {0}</source>
        <translation>카메라 프레임 {0}</translation>
    </message>
</context>
<context>
    <name>CameraPage</name>
    <message>
        <source>Camera and video</source>
        <translation>카메라와 동영상</translation>
    </message>
    <message>
        <source>Where the frames come from: a webcam or a video file</source>
        <translation>프레임을 가져올 곳: 웹캠 또는 동영상 파일</translation>
    </message>
    <message>
        <source>Camera {0}</source>
        <translation>카메라 {0}</translation>
    </message>
    <message>
        <source>Open video file…</source>
        <translation>동영상 파일 열기…</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>시작</translation>
    </message>
    <message>
        <source>Start or pause the frames (Space)</source>
        <translation>프레임 재생 시작/일시 정지 (Space)</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <source>Snapshot…</source>
        <translation>스냅샷…</translation>
    </message>
    <message>
        <source>Save the frame and its feature maps as PNG images</source>
        <translation>프레임과 그 특성 맵을 PNG 이미지로 저장</translation>
    </message>
    <message>
        <source>Open in Convolution Lab</source>
        <translation>합성곱 실습에서 열기</translation>
    </message>
    <message>
        <source>Step through a convolution on the paused frame</source>
        <translation>일시 정지한 프레임에서 합성곱을 한 단계씩 살펴보기</translation>
    </message>
    <message>
        <source>Choose a camera or open a video file, then press Start.</source>
        <translation>카메라를 고르거나 동영상 파일을 연 다음 시작을 누르세요.</translation>
    </message>
    <message>
        <source>Model input</source>
        <translation>모델 입력</translation>
    </message>
    <message>
        <source>What the network sees: the frame after the model&apos;s own preprocessing.</source>
        <translation>신경망이 보는 것: 모델 고유의 전처리를 거친 프레임입니다.</translation>
    </message>
    <message>
        <source>No model loaded yet — TensorFlow is starting…</source>
        <translation>아직 모델을 불러오지 않았습니다 — TensorFlow를 시작하는 중…</translation>
    </message>
    <message>
        <source>How many feature maps of each layer are drawn (the first ones)</source>
        <translation>층마다 그릴 특성 맵의 수 (앞에서부터)</translation>
    </message>
    <message>
        <source>all</source>
        <translation>전부</translation>
    </message>
    <message>
        <source>Feature maps of every layer</source>
        <translation>모든 층의 특성 맵</translation>
    </message>
    <message>
        <source>Maps drawn per layer:</source>
        <translation>층마다 그릴 맵:</translation>
    </message>
    <message>
        <source>Start or pause the frames</source>
        <translation>프레임 재생 시작/일시 정지</translation>
    </message>
    <message>
        <source>Video: {0}</source>
        <translation>동영상: {0}</translation>
    </message>
    <message>
        <source>Model input {0}×{1}</source>
        <translation>모델 입력 {0}×{1}</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>카메라</translation>
    </message>
    <message>
        <source>Open vi&amp;deo…</source>
        <translation>동영상 열기(&amp;D)…</translation>
    </message>
</context>
<context>
    <name>CaptionBar</name>
    <message>
        <source>Lesson caption</source>
        <extracomment>Title and narration size relative to the application font (already enlarged by presentation mode).</extracomment>
        <translation>수업 자막</translation>
    </message>
</context>
<context>
    <name>ConvLabController</name>
    <message>
        <source>— choose an input —</source>
        <translation>— 입력을 고르세요 —</translation>
    </message>
    <message>
        <source>Worked example: %1</source>
        <translation>풀이 예제: %1</translation>
    </message>
    <message>
        <source>Input text: %1</source>
        <translation>입력 텍스트: %1</translation>
    </message>
    <message>
        <source>Typed input</source>
        <translation>입력한 행렬</translation>
    </message>
    <message>
        <source>Drawn input (28×28)</source>
        <translation>그린 입력 (28×28)</translation>
    </message>
    <message>
        <source>Open an image</source>
        <translation>이미지 열기</translation>
    </message>
</context>
<context>
    <name>ConvLabView</name>
    <message>
        <source>Input</source>
        <translation>입력</translation>
    </message>
    <message>
        <source>Draw…</source>
        <translation>그리기…</translation>
    </message>
    <message>
        <source>Open image…</source>
        <translation>이미지 열기…</translation>
    </message>
    <message>
        <source>size </source>
        <translation>크기 </translation>
    </message>
    <message>
        <source>or type a matrix: 1,0,1;0,1,0 and press Enter</source>
        <translation>또는 행렬을 입력하고 Enter: 1,0,1;0,1,0</translation>
    </message>
    <message>
        <source>Channel shown</source>
        <translation>표시할 채널</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>커널</translation>
    </message>
    <message>
        <source>Output %1×%2</source>
        <translation>출력 %1×%2</translation>
    </message>
    <message>
        <source> (zero-padded to %1×%2)</source>
        <translation> (제로 패딩 후 %1×%2)</translation>
    </message>
    <message>
        <source>, channel %1</source>
        <translation>, 채널 %1</translation>
    </message>
    <message>
        <source>Input %1×%2</source>
        <translation>입력 %1×%2</translation>
    </message>
    <message>
        <source>Kernel %1×%2</source>
        <translation>커널 %1×%2</translation>
    </message>
    <message>
        <source> (flipped 180°)</source>
        <translation> (180° 뒤집음)</translation>
    </message>
    <message>
        <source>, after ReLU</source>
        <translation>, ReLU 적용 후</translation>
    </message>
    <message>
        <source>No output</source>
        <translation>출력 없음</translation>
    </message>
    <message>
        <source>These settings give no output.</source>
        <translation>이 설정으로는 출력이 나오지 않습니다.</translation>
    </message>
    <message>
        <source>Stepping is off until the settings fit the input.</source>
        <translation>설정이 입력에 맞을 때까지 단계 실행을 할 수 없습니다.</translation>
    </message>
    <message>
        <source>Press → or Space to compute the first output cell, P to play.</source>
        <translation>→ 또는 Space를 눌러 첫 출력 칸을 계산하고, P를 누르면 자동 재생합니다.</translation>
    </message>
    <message>
        <source>… %1 more …</source>
        <translation>… %1개 더 …</translation>
    </message>
    <message>
        <source>Channel %1: %2 = %3</source>
        <translation>채널 %1: %2 = %3</translation>
    </message>
    <message>
        <source>Output row %1, column %2</source>
        <translation>출력 %1행 %2열</translation>
    </message>
    <message>
        <source> ← only zero padding</source>
        <translation> ← 제로 패딩뿐</translation>
    </message>
    <message>
        <source> ← input rows %1–%2, columns %3–%4</source>
        <translation> ← 입력 %1–%2행, %3–%4열</translation>
    </message>
    <message>
        <source> + zero padding</source>
        <translation> + 제로 패딩</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>출력</translation>
    </message>
</context>
<context>
    <name>ConvSettingsForm</name>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>valid (no padding)</source>
        <translation>valid (패딩 없음)</translation>
    </message>
    <message>
        <source>same (output = input / stride)</source>
        <translation>same (출력 = 입력 / 스트라이드)</translation>
    </message>
    <message>
        <source>zero padding N on every side</source>
        <translation>모든 변에 제로 패딩 N</translation>
    </message>
    <message>
        <source>zero padding top, bottom, left, right</source>
        <translation>위·아래·왼쪽·오른쪽 제로 패딩</translation>
    </message>
    <message>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>ReLU: max(0, x)</source>
        <translation>ReLU: max(0, x)</translation>
    </message>
    <message>
        <source>True convolution (flip the kernel 180°)</source>
        <translation>진짜 합성곱 (커널을 180° 뒤집기)</translation>
    </message>
    <message>
        <source>Padding</source>
        <translation>패딩</translation>
    </message>
    <message>
        <source>Stride (rows × cols)</source>
        <translation>스트라이드 (행 × 열)</translation>
    </message>
    <message>
        <source>Dilation (rows × cols)</source>
        <translation>팽창 (행 × 열)</translation>
    </message>
    <message>
        <source>Bias</source>
        <translation>편향</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>활성화 함수</translation>
    </message>
    <message>
        <source>Cross-correlation slides the kernel as it is (what CNN layers such as Keras Conv2D compute); true convolution first rotates the kernel by 180°.</source>
        <translation>교차 상관은 커널을 그대로 밀며 계산합니다 (Keras Conv2D 같은 CNN 층이 하는 계산). 진짜 합성곱은 먼저 커널을 180° 회전합니다.</translation>
    </message>
</context>
<context>
    <name>DeviceStatus</name>
    <message>
        <source>live: {0}</source>
        <translation>실시간: {0}</translation>
    </message>
    <message>
        <source>batch: {0}</source>
        <translation>일괄 처리: {0}</translation>
    </message>
    <message>
        <source>CPU ({0} cores)</source>
        <translation>CPU ({0}코어)</translation>
    </message>
    <message>
        <source>CPU (1 core)</source>
        <translation>CPU (1코어)</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
</context>
<context>
    <name>DigitsController</name>
    <message>
        <source>Loading {0}…</source>
        <translation>{0} 불러오는 중…</translation>
    </message>
    <message>
        <source>{0} — input {1}×{2}×{3}, {4} classes, {5} layers shown</source>
        <translation>{0} — 입력 {1}×{2}×{3}, 클래스 {4}개, 층 {5}개 표시</translation>
    </message>
    <message>
        <source>Opened {0}</source>
        <translation>{0}을(를) 열었습니다</translation>
    </message>
    <message>
        <source>Open an image of a digit</source>
        <translation>숫자 이미지 열기</translation>
    </message>
    <message>
        <source>{0} · filter {1}</source>
        <translation>{0} · 필터 {1}</translation>
    </message>
    <message>
        <source>Draw something first, then open a filter of a convolution layer</source>
        <translation>먼저 무언가를 그린 다음 합성곱 층의 필터를 여세요</translation>
    </message>
    <message>
        <source>The lab shows this filter without its {0} activation</source>
        <translation>실습 화면에서는 이 필터를 {0} 활성화 함수 없이 보여 줍니다</translation>
    </message>
    <message>
        <source>Only the channels of a convolution layer have a picture of what they look for</source>
        <translation>합성곱 층의 채널만 무엇을 찾는지 보여 주는 그림이 있습니다</translation>
    </message>
</context>
<context>
    <name>DigitsPage</name>
    <message>
        <source>Draw a digit</source>
        <translation>숫자 그리기</translation>
    </message>
    <message>
        <source>Brush size ([ and ])</source>
        <translation>붓 크기 ([ 와 ])</translation>
    </message>
    <message>
        <source>Eraser</source>
        <translation>지우개</translation>
    </message>
    <message>
        <source>Erase (E, or the right mouse button)</source>
        <translation>지우기 (E 또는 마우스 오른쪽 버튼)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>실행 취소</translation>
    </message>
    <message>
        <source>Undo the last stroke (Ctrl+Z)</source>
        <translation>마지막 획 취소 (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>다시 실행</translation>
    </message>
    <message>
        <source>Redo (Ctrl+Shift+Z)</source>
        <translation>다시 실행 (Ctrl+Shift+Z)</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>모두 지우기</translation>
    </message>
    <message>
        <source>Clear the canvas (Delete)</source>
        <translation>캔버스 지우기 (Delete)</translation>
    </message>
    <message>
        <source>Open image…</source>
        <translation>이미지 열기…</translation>
    </message>
    <message>
        <source>Use a photo or scan of a digit as the input (or drop it here)</source>
        <translation>숫자 사진이나 스캔 이미지를 입력으로 사용 (여기에 끌어다 놓아도 됩니다)</translation>
    </message>
    <message>
        <source>Brush</source>
        <translation>붓</translation>
    </message>
    <message>
        <source>Show preprocessing steps</source>
        <translation>전처리 단계 보기</translation>
    </message>
    <message>
        <source>Model input 28×28</source>
        <translation>모델 입력 28×28</translation>
    </message>
    <message>
        <source>What the network sees: the drawing cropped, scaled to 20×20 and centred by its mass in 28×28, as MNIST was made.</source>
        <translation>신경망이 보는 입력: MNIST를 만든 방식대로 그림을 잘라 20×20으로 줄이고, 무게 중심을 28×28의 가운데에 맞춘 것입니다.</translation>
    </message>
    <message>
        <source>No model loaded yet — TensorFlow is starting…</source>
        <translation>아직 모델이 없습니다 — TensorFlow를 시작하는 중…</translation>
    </message>
    <message>
        <source>Feature maps</source>
        <translation>특성 맵</translation>
    </message>
    <message>
        <source>Learned kernels</source>
        <translation>학습된 커널</translation>
    </message>
    <message>
        <source>Explore</source>
        <translation>탐구</translation>
    </message>
    <message>
        <source>What the network sees: the drawing cropped, scaled to {0}×{0} and centred by its mass in {1}×{2}</source>
        <translation>신경망이 보는 입력: 그림을 잘라 {0}×{0}으로 맞추고, 무게 중심을 {1}×{2}의 가운데에 놓은 것입니다</translation>
    </message>
    <message>
        <source>What the network sees: the drawing cropped, scaled to {0}×{0}, centred by its mass in {1}×{1} and cut to {2}×{3}</source>
        <translation>신경망이 보는 입력: 그림을 잘라 {0}×{0}으로 맞추고, 무게 중심을 {1}×{1}의 가운데에 놓은 뒤 {2}×{3}으로 자른 것입니다</translation>
    </message>
    <message>
        <source>, as MNIST was made.</source>
        <translation>(MNIST를 만든 방식).</translation>
    </message>
    <message>
        <source>One gray channel: white ink on black.</source>
        <translation>회색조 채널 하나: 검은 바탕에 흰 글씨.</translation>
    </message>
    <message>
        <source>The gray drawing is copied into all {0} channels: the model sees no colour.</source>
        <translation>회색 그림을 {0}개 채널에 똑같이 넣습니다: 모델은 색을 보지 않습니다.</translation>
    </message>
    <message>
        <source>Pixel values from {0:g} (black) to {1:g} (white).</source>
        <translation>픽셀 값은 {0:g}(검정)부터 {1:g}(흰색)까지입니다.</translation>
    </message>
    <message>
        <source>Undo the last stroke</source>
        <translation>마지막 획 취소</translation>
    </message>
    <message>
        <source>Clear the drawing</source>
        <translation>그림 지우기</translation>
    </message>
    <message>
        <source>Eraser on/off</source>
        <translation>지우개 켜기/끄기</translation>
    </message>
    <message>
        <source>Smaller brush</source>
        <translation>붓 작게</translation>
    </message>
    <message>
        <source>Bigger brush</source>
        <translation>붓 크게</translation>
    </message>
    <message>
        <source>Show/hide the preprocessing steps</source>
        <translation>전처리 단계 보이기/숨기기</translation>
    </message>
    <message>
        <source>Enlarge the next feature map</source>
        <translation>다음 특성 맵 크게 보기</translation>
    </message>
    <message>
        <source>Enlarge the previous feature map</source>
        <translation>이전 특성 맵 크게 보기</translation>
    </message>
    <message>
        <source>Open the enlarged map&apos;s filter in the Convolution Lab</source>
        <translation>크게 본 특성 맵의 필터를 합성곱 실습에서 열기</translation>
    </message>
    <message>
        <source>Grad-CAM on/off</source>
        <translation>Grad-CAM 켜기/끄기</translation>
    </message>
    <message>
        <source>Model input {0}×{1}</source>
        <translation>모델 입력 {0}×{1}</translation>
    </message>
    <message>
        <source>Tick “Show Grad-CAM” to see which parts of the input speak for a class</source>
        <translation>“Grad-CAM 보기”를 켜면 입력의 어느 부분이 클래스의 근거가 되는지 보입니다</translation>
    </message>
    <message>
        <source>Grad-CAM for class {0} on layer {1}: bright = evidence for the class</source>
        <translation>클래스 {0}의 Grad-CAM (층 {1}): 밝을수록 그 클래스의 근거</translation>
    </message>
    <message>
        <source>Draw a digit to see where the network looks</source>
        <translation>숫자를 그리면 신경망이 어디를 보는지 나타납니다</translation>
    </message>
    <message>
        <source>{0} · channel {1} · row {2}, column {3}: {4:.4g}</source>
        <translation>{0} · 채널 {1} · {2}행 {3}열: {4:.4g}</translation>
    </message>
    <message>
        <source>Open digit &amp;image…</source>
        <translation>숫자 이미지 열기(&amp;I)…</translation>
    </message>
    <message>
        <source>Convolution</source>
        <translation>합성곱</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>활성화</translation>
    </message>
    <message>
        <source>Pooling</source>
        <translation>풀링</translation>
    </message>
    <message>
        <source>Dense</source>
        <translation>완전 연결(Dense)</translation>
    </message>
    <message>
        <source>Normalisation</source>
        <translation>정규화</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>층</translation>
    </message>
    <message>
        <source>+{0} more</source>
        <translation>+{0}개 더</translation>
    </message>
    <message>
        <source>The first {0} of {1} feature maps are shown: show all of them</source>
        <translation>특성 맵 {1}개 중 처음 {0}개만 보입니다: 모두 보기</translation>
    </message>
    <message>
        <source>Fewer</source>
        <translation>줄이기</translation>
    </message>
    <message>
        <source>Show only the first {0} feature maps</source>
        <translation>처음 {0}개의 특성 맵만 보기</translation>
    </message>
</context>
<context>
    <name>DrawDialog</name>
    <message>
        <source>Draw an input</source>
        <translation>입력 그리기</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>지우기</translation>
    </message>
    <message>
        <source>Draw with the mouse or a pen (right button erases). OK uses the drawing, shrunk to 28×28 like an MNIST digit, as the lab&apos;s input.</source>
        <translation>마우스나 펜으로 그리세요 (오른쪽 버튼은 지우개). 확인을 누르면 그림을 MNIST 숫자처럼 28×28로 줄여 실습의 입력으로 씁니다.</translation>
    </message>
</context>
<context>
    <name>DrawingCanvas</name>
    <message>
        <source>Draw here with the mouse, a pen or a finger. Right button or E: eraser; Ctrl+Z undo; Delete clears.</source>
        <translation>마우스, 펜 또는 손가락으로 여기에 그리세요. 오른쪽 버튼 또는 E: 지우개, Ctrl+Z: 실행 취소, Delete: 모두 지우기.</translation>
    </message>
    <message>
        <source>Drawing canvas</source>
        <translation>그리기 캔버스</translation>
    </message>
</context>
<context>
    <name>EvaluatePage</name>
    <message>
        <source>MNIST (digits)</source>
        <translation>MNIST (손글씨 숫자)</translation>
    </message>
    <message>
        <source>Fashion-MNIST (clothing)</source>
        <translation>Fashion-MNIST (옷)</translation>
    </message>
    <message>
        <source>True: {0}  Predicted: {1}</source>
        <translation>정답: {0}  예측: {1}</translation>
    </message>
    <message>
        <source>true class</source>
        <translation>정답 클래스</translation>
    </message>
    <message>
        <source>predicted class</source>
        <translation>예측 클래스</translation>
    </message>
    <message>
        <source>Test-set browser</source>
        <translation>테스트 세트 탐색기</translation>
    </message>
    <message>
        <source>sample </source>
        <translation>샘플 </translation>
    </message>
    <message>
        <source>Send to the digit view</source>
        <translation>숫자 그리기 화면으로 보내기</translation>
    </message>
    <message>
        <source>Run this sample through the network as the current input</source>
        <translation>이 샘플을 현재 입력으로 신경망에 넣기</translation>
    </message>
    <message>
        <source>folder with the IDX .gz files (empty: Keras download)</source>
        <translation>IDX .gz 파일이 있는 폴더 (비우면 Keras가 내려받음)</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>폴더…</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>평가</translation>
    </message>
    <message>
        <source>Evaluate the current model on the test set (Ctrl+Enter)</source>
        <translation>현재 모델을 테스트 세트로 평가 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Data set:</source>
        <translation>데이터 세트:</translation>
    </message>
    <message>
        <source>Evaluate the current model on a test set.</source>
        <translation>현재 모델을 테스트 세트로 평가합니다.</translation>
    </message>
    <message>
        <source>Misclassified examples</source>
        <translation>잘못 분류된 예</translation>
    </message>
    <message>
        <source>All mistakes</source>
        <translation>모든 오답</translation>
    </message>
    <message>
        <source>Folder with the data set&apos;s IDX files</source>
        <translation>데이터 세트의 IDX 파일이 있는 폴더</translation>
    </message>
    <message>
        <source>Accuracy {0:.2f} %  ({1} / {2})</source>
        <translation>정확도 {0:.2f} %  ({1} / {2})</translation>
    </message>
    <message>
        <source>{0} on the {1} test set: {2} mistakes ({3:.1f} s). Click a cell to see its examples.</source>
        <translation>{1} 테스트 세트에서 {0}: 오답 {2}개 ({3:.1f}초). 칸을 누르면 해당 예가 보입니다.</translation>
    </message>
    <message>
        <source>Misclassified examples: {0}</source>
        <translation>잘못 분류된 예: {0}</translation>
    </message>
    <message>
        <source>True: {0}, predicted: {1} — {2} examples</source>
        <translation>정답: {0}, 예측: {1} — {2}개</translation>
    </message>
    <message>
        <source>(first {0} shown)</source>
        <translation>(처음 {0}개 표시)</translation>
    </message>
    <message>
        <source>{0:.1f}% (true class {1:.1f}%)</source>
        <translation>{0:.1f}% (정답 클래스 {1:.1f}%)</translation>
    </message>
    <message>
        <source>Test sample {0}</source>
        <translation>테스트 샘플 {0}</translation>
    </message>
    <message>
        <source>Model {0} loaded: press Evaluate to test it.</source>
        <translation>모델 {0}을(를) 불러왔습니다: 평가를 눌러 시험해 보세요.</translation>
    </message>
    <message>
        <source>Waiting for the model to finish loading…</source>
        <translation>모델을 다 불러올 때까지 기다리는 중…</translation>
    </message>
    <message>
        <source>No model is loaded: open one first (File &gt; Open model).</source>
        <translation>불러온 모델이 없습니다: 먼저 모델을 여세요 (파일 &gt; 모델 열기).</translation>
    </message>
    <message>
        <source>Data folder not found: {0}</source>
        <translation>데이터 폴더를 찾을 수 없습니다: {0}</translation>
    </message>
    <message>
        <source>Evaluating {0} on the {1} test set…</source>
        <translation>{1} 테스트 세트로 {0} 평가 중…</translation>
    </message>
    <message>
        <source>Evaluation failed: {0}</source>
        <translation>평가 실패: {0}</translation>
    </message>
    <message>
        <source>There is no digit view to send the sample to.</source>
        <translation>샘플을 보낼 숫자 그리기 화면이 없습니다.</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>평가</translation>
    </message>
</context>
<context>
    <name>ExplorePanel</name>
    <message>
        <source>Invariance: move the digit, watch the prediction</source>
        <translation>불변성: 숫자를 움직이며 예측을 지켜보세요</translation>
    </message>
    <message>
        <source>Reset (as drawn)</source>
        <translation>되돌리기 (그린 그대로)</translation>
    </message>
    <message>
        <source>A CNN tolerates small shifts (pooling) but not large rotations: that is why training uses augmentation.</source>
        <translation>CNN은 작은 이동은 견디지만(풀링 덕분) 큰 회전은 견디지 못합니다: 그래서 학습할 때 데이터 증강을 씁니다.</translation>
    </message>
    <message>
        <source>Grad-CAM: where does the network look?</source>
        <translation>Grad-CAM: 신경망은 어디를 볼까?</translation>
    </message>
    <message>
        <source>Show Grad-CAM</source>
        <translation>Grad-CAM 보기</translation>
    </message>
    <message>
        <source>class</source>
        <translation>클래스</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>층</translation>
    </message>
    <message>
        <source>predicted</source>
        <translation>예측값</translation>
    </message>
    <message>
        <source>Shift right</source>
        <translation>오른쪽으로 이동</translation>
    </message>
    <message>
        <source>Shift down</source>
        <translation>아래로 이동</translation>
    </message>
    <message>
        <source>Rotate</source>
        <translation>회전</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>크기</translation>
    </message>
    <message>
        <source>Stroke width</source>
        <translation>획 굵기</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <source>Export failed</source>
        <translation>내보내기 실패</translation>
    </message>
    <message>
        <source>Could not save %1:
%2</source>
        <translation>%1을(를) 저장할 수 없습니다:
%2</translation>
    </message>
</context>
<context>
    <name>FeaturesPage</name>
    <message>
        <source>Click a channel to enlarge it</source>
        <translation>채널을 클릭하면 크게 봅니다</translation>
    </message>
    <message>
        <source>Test images that excite it most</source>
        <translation>이 채널을 가장 강하게 활성화하는 테스트 이미지</translation>
    </message>
    <message>
        <source>Export this channel as PNG…</source>
        <translation>이 채널을 PNG로 내보내기…</translation>
    </message>
    <message>
        <source>{0} · channel {1}</source>
        <translation>{0} · 채널 {1}</translation>
    </message>
    <message>
        <source>Synthesised image: mean activation {0:.3g} in this channel.</source>
        <translation>생성한 이미지: 이 채널의 평균 활성화 {0:.3g}.</translation>
    </message>
    <message>
        <source>The best test image reaches {0:.3g}.</source>
        <translation>가장 강한 테스트 이미지는 {0:.3g}입니다.</translation>
    </message>
    <message>
        <source>#{0}: {1:.3g}</source>
        <translation>#{0}: {1:.3g}</translation>
    </message>
    <message>
        <source>MNIST test set</source>
        <translation>MNIST 테스트 세트</translation>
    </message>
    <message>
        <source>Fashion-MNIST test set</source>
        <translation>Fashion-MNIST 테스트 세트</translation>
    </message>
    <message>
        <source>Folder of images…</source>
        <translation>이미지 폴더…</translation>
    </message>
    <message>
        <source>Export grid as PNG…</source>
        <translation>격자를 PNG로 내보내기…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Layer:</source>
        <translation>층:</translation>
    </message>
    <message>
        <source>Examples from:</source>
        <translation>예시 이미지:</translation>
    </message>
    <message>
        <source>No model is loaded: open one first (File &gt; Open model).</source>
        <translation>불러온 모델이 없습니다: 먼저 모델을 여세요 (파일 &gt; 모델 열기).</translation>
    </message>
    <message>
        <source>Each tile: the image synthesised to excite the channel most (left) and the test images that excite it most (right). The number is the channel and the mean activation the synthesised image reaches.</source>
        <translation>각 칸: 채널을 가장 강하게 활성화하도록 생성한 이미지(왼쪽)와 그 채널을 가장 강하게 활성화하는 테스트 이미지(오른쪽). 숫자는 채널 번호와 생성한 이미지가 얻는 평균 활성화입니다.</translation>
    </message>
    <message>
        <source>Folder of example images</source>
        <translation>예시 이미지 폴더</translation>
    </message>
    <message>
        <source>Channel {0}: the synthesised image reaches a mean activation of {1:.3g}; click to enlarge</source>
        <translation>채널 {0}: 생성한 이미지의 평균 활성화는 {1:.3g}입니다. 클릭하면 크게 봅니다</translation>
    </message>
    <message>
        <source>Cannot show what this model&apos;s filters look for: {0}</source>
        <translation>이 모델의 필터가 찾는 것을 보여 줄 수 없습니다: {0}</translation>
    </message>
    <message>
        <source>This model has no convolution layers, so there are no filters to show.</source>
        <translation>이 모델에는 합성곱 층이 없어서 보여 줄 필터가 없습니다.</translation>
    </message>
    <message>
        <source>Choose a layer to see what its filters look for.</source>
        <translation>층을 고르면 그 층의 필터가 찾는 것을 보여 줍니다.</translation>
    </message>
    <message>
        <source>Layer {0} is not a convolution layer of this model; choose one of: {1}</source>
        <translation>{0} 층은 이 모델의 합성곱 층이 아닙니다. 다음 중에서 고르세요: {1}</translation>
    </message>
    <message>
        <source>Working out what the filters of {0} look for…</source>
        <translation>{0} 층의 필터가 찾는 것을 계산하는 중…</translation>
    </message>
    <message>
        <source>Synthesising images</source>
        <translation>이미지 생성 중</translation>
    </message>
    <message>
        <source>Finding the top test images</source>
        <translation>가장 강하게 반응하는 테스트 이미지를 찾는 중</translation>
    </message>
    <message>
        <source>Stopped. Choose the layer again to start over.</source>
        <translation>멈췄습니다. 다시 시작하려면 층을 다시 고르세요.</translation>
    </message>
    <message>
        <source>Could not compute what the filters look for: {0}</source>
        <translation>필터가 찾는 것을 계산하지 못했습니다: {0}</translation>
    </message>
    <message>
        <source>{0}: {1} channels (from the cache).</source>
        <translation>{0}: 채널 {1}개 (캐시에서 가져옴).</translation>
    </message>
    <message>
        <source>{0}: {1} channels, synthesised in {2:.1f} s ({3}).</source>
        <translation>{0}: 채널 {1}개, {2:.1f}초 만에 생성 ({3}).</translation>
    </message>
    <message>
        <source>No test images: set the data folder on the Evaluation page, or choose a folder of images under &apos;Examples from&apos;.</source>
        <translation>테스트 이미지가 없습니다: 평가 화면에서 데이터 폴더를 지정하거나 &apos;예시 이미지&apos;에서 이미지 폴더를 고르세요.</translation>
    </message>
    <message>
        <source>No test images: {0}</source>
        <translation>테스트 이미지가 없습니다: {0}</translation>
    </message>
    <message>
        <source>nothing to export yet: choose a layer first</source>
        <translation>아직 내보낼 것이 없습니다: 먼저 층을 고르세요</translation>
    </message>
    <message>
        <source>nothing to export yet: click a channel first</source>
        <translation>아직 내보낼 것이 없습니다: 먼저 채널을 클릭하세요</translation>
    </message>
    <message>
        <source>Export as PNG</source>
        <translation>PNG로 내보내기</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 이미지 (*.png)</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>{0}에 저장했습니다</translation>
    </message>
    <message>
        <source>What filters look for</source>
        <translation>필터가 찾는 것</translation>
    </message>
    <message>
        <source>What filters look for: layer grid as PNG…</source>
        <translation>필터가 찾는 것: 층 격자를 PNG로…</translation>
    </message>
</context>
<context>
    <name>FileDialogs</name>
    <message>
        <source>Images (%1);;All files (*)</source>
        <translation>이미지 (%1);;모든 파일 (*)</translation>
    </message>
</context>
<context>
    <name>FilterController</name>
    <message>
        <source> (shown at %1×%2)</source>
        <translation> (%1×%2 크기로 표시)</translation>
    </message>
    <message>
        <source>The kernel currently in the Convolution Lab.</source>
        <translation>지금 합성곱 실습에 있는 커널입니다.</translation>
    </message>
    <message>
        <source>The Convolution Lab&apos;s kernel has a cell that is not a number.</source>
        <translation>합성곱 실습의 커널에 숫자가 아닌 칸이 있습니다.</translation>
    </message>
    <message>
        <source>Result (sum of R, G, B)</source>
        <translation>결과 (R, G, B의 합)</translation>
    </message>
    <message>
        <source>Result (grayscale)</source>
        <translation>결과 (흑백)</translation>
    </message>
    <message>
        <source>Each channel is filtered on its own and the three results are added: at row %1, column %2: %3 = %4</source>
        <translation>채널마다 따로 필터를 적용하고 세 결과를 더합니다: %1행 %2열: %3 = %4</translation>
    </message>
    <message>
        <source>Blue: negative, white: zero, red: positive — negative responses are shown, not clamped to black.</source>
        <translation>파랑: 음수, 흰색: 0, 빨강: 양수 — 음수 응답도 검정으로 자르지 않고 보여 줍니다.</translation>
    </message>
    <message>
        <source>Values %1 … %2.</source>
        <translation>값 %1 … %2.</translation>
    </message>
    <message>
        <source>Values %1 … %2; colours saturate beyond %3 (≤ and ≥ on the colour bar).</source>
        <translation>값 %1 … %2. 절댓값이 %3보다 큰 값은 색이 포화됩니다 (색 막대의 ≤와 ≥).</translation>
    </message>
    <message>
        <source>Open an image</source>
        <translation>이미지 열기</translation>
    </message>
</context>
<context>
    <name>FilterPage</name>
    <message>
        <source>Image filters</source>
        <translation>이미지 필터</translation>
    </message>
    <message>
        <source>Image filters as PNG (2×)…</source>
        <translation>이미지 필터를 PNG로 (2×)…</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 이미지 (*.png)</translation>
    </message>
    <message>
        <source>Image filter result as CSV…</source>
        <translation>이미지 필터 결과를 CSV로…</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
</context>
<context>
    <name>FilterView</name>
    <message>
        <source>Image</source>
        <extracomment>border name -&gt; (OpenCV constant, short name for the combo, what it does); the names are cnnviz.core.filtering.BORDER_TYPES contrast key (cnnviz.core.filtering.CONTRASTS) -&gt; combo text</extracomment>
        <translation>이미지</translation>
    </message>
    <message>
        <source>Open image…</source>
        <translation>이미지 열기…</translation>
    </message>
    <message>
        <source>Built-in test image</source>
        <translation>내장 테스트 이미지</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>필터</translation>
    </message>
    <message>
        <source>The Convolution Lab&apos;s kernel</source>
        <translation>합성곱 실습의 커널</translation>
    </message>
    <message>
        <source>Grayscale</source>
        <translation>흑백</translation>
    </message>
    <message>
        <source>Colour: R, G, B results and their sum</source>
        <translation>컬러: R, G, B 결과와 그 합</translation>
    </message>
    <message>
        <source>True convolution (flip the kernel 180°)</source>
        <translation>진짜 합성곱 (커널을 180° 뒤집기)</translation>
    </message>
    <message>
        <source>cv2.filter2D computes cross-correlation, as CNN layers do; ticking this flips the kernel first.</source>
        <translation>cv2.filter2D는 CNN 층처럼 교차 상관을 계산합니다. 이것을 켜면 커널을 먼저 뒤집습니다.</translation>
    </message>
    <message>
        <source>Colours saturate beyond this range; the colour bar marks a saturated end with ≥ or ≤. Higher contrast shows faint edges on a projector.</source>
        <translation>이 범위를 넘는 값은 색이 포화됩니다. 색 막대는 포화된 끝을 ≥ 또는 ≤로 표시합니다. 대비를 높이면 프로젝터에서도 약한 가장자리가 보입니다.</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>커널</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>채널</translation>
    </message>
    <message>
        <source>Border</source>
        <translation>가장자리</translation>
    </message>
    <message>
        <source>Contrast</source>
        <translation>대비</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>원본</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>결과</translation>
    </message>
    <message>
        <source>%1 channel result</source>
        <translation>%1 채널 결과</translation>
    </message>
    <message>
        <source>Reflect</source>
        <translation>반사</translation>
    </message>
    <message>
        <source>Zeros</source>
        <translation>0으로 채움</translation>
    </message>
    <message>
        <source>Repeat edge</source>
        <translation>가장자리 반복</translation>
    </message>
    <message>
        <source>reflect (gfedcb|abcdefgh|gfedcba), OpenCV&apos;s default</source>
        <translation>반사 (gfedcb|abcdefgh|gfedcba), OpenCV 기본값</translation>
    </message>
    <message>
        <source>zeros outside the image (like zero padding in the lab)</source>
        <translation>이미지 바깥은 0 (실습의 제로 패딩과 같음)</translation>
    </message>
    <message>
        <source>repeat the edge pixel (aaaaaa|abcdefgh|hhhhhhh)</source>
        <translation>가장자리 픽셀 반복 (aaaaaa|abcdefgh|hhhhhhh)</translation>
    </message>
    <message>
        <source>Full range</source>
        <translation>전체 범위</translation>
    </message>
    <message>
        <source>Normal (99.5th percentile)</source>
        <translation>보통 (99.5 백분위수)</translation>
    </message>
    <message>
        <source>High (3× normal)</source>
        <translation>높음 (보통의 3배)</translation>
    </message>
    <message>
        <source>Very high (10× normal)</source>
        <translation>매우 높음 (보통의 10배)</translation>
    </message>
</context>
<context>
    <name>GridView</name>
    <message>
        <source>row %1, column %2: not computed yet</source>
        <translation>%1행 %2열: 아직 계산 안 됨</translation>
    </message>
    <message>
        <source> (padding)</source>
        <translation> (패딩)</translation>
    </message>
    <message>
        <source>row %1, column %2: %3</source>
        <translation>%1행 %2열: %3</translation>
    </message>
    <message>
        <source>Copy numbers (CSV)</source>
        <translation>숫자 복사 (CSV)</translation>
    </message>
    <message>
        <source>Save numbers as CSV…</source>
        <translation>숫자를 CSV로 저장…</translation>
    </message>
    <message>
        <source>Save picture as PNG…</source>
        <translation>그림을 PNG로 저장…</translation>
    </message>
    <message>
        <source>Save numbers as CSV</source>
        <translation>숫자를 CSV로 저장</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
    <message>
        <source>Save picture as PNG</source>
        <translation>그림을 PNG로 저장</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 이미지 (*.png)</translation>
    </message>
</context>
<context>
    <name>KernelEditor</name>
    <message>
        <source>Custom</source>
        <translation>사용자 정의</translation>
    </message>
    <message>
        <source>or type the whole kernel: 1,0;0,1 and press Enter</source>
        <translation>또는 커널 전체를 입력하고 Enter: 1,0;0,1</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>프리셋</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <source>Your own kernel: type a number into each cell.</source>
        <translation>나만의 커널: 각 칸에 숫자를 입력하세요.</translation>
    </message>
    <message>
        <source>Channel %1, </source>
        <translation>채널 %1, </translation>
    </message>
    <message>
        <source> (and %1 more)</source>
        <translation> (외 %1개)</translation>
    </message>
    <message>
        <source> — the last valid kernel stays in use.</source>
        <translation> — 마지막으로 올바르던 커널을 계속 사용합니다.</translation>
    </message>
    <message>
        <source>Kernel text: %1</source>
        <translation>커널 텍스트: %1</translation>
    </message>
</context>
<context>
    <name>KernelGridView</name>
    <message>
        <source>Convolution layer whose learned kernels are shown</source>
        <translation>학습된 커널을 보여 줄 합성곱 층</translation>
    </message>
    <message>
        <source>A kernel has one slice per input channel: show one slice, or their mean</source>
        <translation>커널에는 입력 채널마다 한 장씩 있습니다: 한 장 또는 평균을 보여 줍니다</translation>
    </message>
    <message>
        <source>Layer:</source>
        <translation>층:</translation>
    </message>
    <message>
        <source>Input channel:</source>
        <translation>입력 채널:</translation>
    </message>
    <message>
        <source>Click a kernel to see and edit its numbers</source>
        <translation>커널을 누르면 숫자를 보고 고칠 수 있습니다</translation>
    </message>
    <message>
        <source>Type a new weight: feature maps and probabilities change at once (the file on disk is never modified)</source>
        <translation>새 가중치를 입력하세요: 특성 맵과 확률이 바로 바뀝니다 (디스크의 파일은 바뀌지 않습니다)</translation>
    </message>
    <message>
        <source>Open in Convolution Lab</source>
        <translation>합성곱 실습에서 열기</translation>
    </message>
    <message>
        <source>Switch filter off</source>
        <translation>필터 끄기</translation>
    </message>
    <message>
        <source>Reset weights</source>
        <translation>가중치 되돌리기</translation>
    </message>
    <message>
        <source>Restore the weights from the model file</source>
        <translation>모델 파일의 가중치로 되돌리기</translation>
    </message>
    <message>
        <source>Weights edited (in memory)</source>
        <translation>가중치 수정됨 (메모리에서만)</translation>
    </message>
    <message>
        <source>mean of {0}</source>
        <translation>{0}개의 평균</translation>
    </message>
    <message>
        <source>This model has no convolution layers</source>
        <translation>이 모델에는 합성곱 층이 없습니다</translation>
    </message>
    <message>
        <source>{0} filters of {1}×{2}×{3}   (blue &lt; 0 &lt; red)</source>
        <translation>{1}×{2}×{3} 필터 {0}개   (파랑 &lt; 0 &lt; 빨강)</translation>
    </message>
    <message>
        <source>input channel {0}</source>
        <translation>입력 채널 {0}</translation>
    </message>
    <message>
        <source>choose an input channel to edit</source>
        <translation>고칠 입력 채널을 고르세요</translation>
    </message>
    <message>
        <source>{0} · filter {1} · {2}</source>
        <translation>{0} · 필터 {1} · {2}</translation>
    </message>
    <message>
        <source>bias {0:.4g}</source>
        <translation>편향 {0:.4g}</translation>
    </message>
    <message>
        <source>“{0}” is not a number</source>
        <translation>“{0}”은(는) 숫자가 아닙니다</translation>
    </message>
</context>
<context>
    <name>KernelPresets</name>
    <message>
        <source>Identity</source>
        <translation>항등</translation>
    </message>
    <message>
        <source>Copies the input unchanged.</source>
        <translation>입력을 그대로 복사합니다.</translation>
    </message>
    <message>
        <source>Box blur</source>
        <translation>박스 블러</translation>
    </message>
    <message>
        <source>Average of the 3×3 neighbourhood: smooths noise and edges.</source>
        <translation>3×3 이웃의 평균: 잡음과 경계를 부드럽게 합니다.</translation>
    </message>
    <message>
        <source>Gaussian blur</source>
        <translation>가우시안 블러</translation>
    </message>
    <message>
        <source>Weighted average that favours the centre: a softer blur.</source>
        <translation>가운데에 가중치를 더 준 평균: 더 부드러운 블러.</translation>
    </message>
    <message>
        <source>Sharpen</source>
        <translation>선명하게</translation>
    </message>
    <message>
        <source>Boosts the centre against its neighbours: edges look crisper.</source>
        <translation>이웃보다 가운데를 강조합니다: 경계가 더 또렷해집니다.</translation>
    </message>
    <message>
        <source>Laplacian edge</source>
        <translation>라플라시안 경계</translation>
    </message>
    <message>
        <source>Second derivative: responds to edges in every direction, zero on flat areas.</source>
        <translation>2차 미분: 모든 방향의 경계에 반응하고 평평한 곳에서는 0입니다.</translation>
    </message>
    <message>
        <source>Sobel X</source>
        <translation>소벨 X</translation>
    </message>
    <message>
        <source>Horizontal gradient: responds to vertical edges.</source>
        <translation>가로 방향 기울기: 세로 경계에 반응합니다.</translation>
    </message>
    <message>
        <source>Sobel Y</source>
        <translation>소벨 Y</translation>
    </message>
    <message>
        <source>Vertical gradient: responds to horizontal edges.</source>
        <translation>세로 방향 기울기: 가로 경계에 반응합니다.</translation>
    </message>
    <message>
        <source>Prewitt X</source>
        <translation>프리윗 X</translation>
    </message>
    <message>
        <source>Horizontal gradient with equal weights: vertical edges.</source>
        <translation>같은 가중치의 가로 방향 기울기: 세로 경계.</translation>
    </message>
    <message>
        <source>Prewitt Y</source>
        <translation>프리윗 Y</translation>
    </message>
    <message>
        <source>Vertical gradient with equal weights: horizontal edges.</source>
        <translation>같은 가중치의 세로 방향 기울기: 가로 경계.</translation>
    </message>
    <message>
        <source>Emboss</source>
        <translation>엠보스</translation>
    </message>
    <message>
        <source>Gradient along the diagonal plus the input: a relief effect.</source>
        <translation>대각선 방향 기울기에 입력을 더함: 돋을새김 효과.</translation>
    </message>
    <message>
        <source>Diagonal 2×2 (textbook mask)</source>
        <translation>대각선 2×2 (교재의 마스크)</translation>
    </message>
    <message>
        <source>The textbook&apos;s 2×2 mask: adds the top-left and bottom-right cells.</source>
        <translation>교재의 2×2 마스크: 왼쪽 위와 오른쪽 아래 칸을 더합니다.</translation>
    </message>
    <message>
        <source>Textbook 3×3 filter</source>
        <translation>교재의 3×3 필터</translation>
    </message>
    <message>
        <source>The 3×3 filter of the padding and stride examples.</source>
        <translation>패딩과 스트라이드 예제의 3×3 필터.</translation>
    </message>
</context>
<context>
    <name>LabBuilder</name>
    <message>
        <source>&amp;Export</source>
        <translation>내보내기(&amp;E)</translation>
    </message>
    <message>
        <source>%1 as PNG (2×)…</source>
        <translation>%1을(를) PNG로 (2×)…</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 이미지 (*.png)</translation>
    </message>
    <message>
        <source>%1 walkthrough as animated GIF…</source>
        <translation>%1 단계별 풀이를 GIF 애니메이션으로…</translation>
    </message>
    <message>
        <source>GIF animations (*.gif)</source>
        <translation>GIF 애니메이션 (*.gif)</translation>
    </message>
    <message>
        <source>%1 output numbers as CSV…</source>
        <translation>%1 출력 숫자를 CSV로…</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 저장함</translation>
    </message>
    <message>
        <source>Convolution Lab</source>
        <translation>합성곱 실습</translation>
    </message>
</context>
<context>
    <name>LabExamples</name>
    <message>
        <source>2×2 mask on a 4×4 grid</source>
        <translation>4×4 격자의 2×2 마스크</translation>
    </message>
    <message>
        <source>3×3 filter, no padding</source>
        <translation>3×3 필터, 패딩 없음</translation>
    </message>
    <message>
        <source>3×3 filter, zero padding 1</source>
        <translation>3×3 필터, 제로 패딩 1</translation>
    </message>
    <message>
        <source>7×7 input, 3×3 filter, stride 2</source>
        <translation>7×7 입력, 3×3 필터, 스트라이드 2</translation>
    </message>
    <message>
        <source>Max pooling 2×2</source>
        <translation>맥스 풀링 2×2</translation>
    </message>
    <message>
        <source>Max pooling 2×2 (larger values)</source>
        <translation>맥스 풀링 2×2 (더 큰 값)</translation>
    </message>
</context>
<context>
    <name>LabInputs</name>
    <message>
        <source>Vertical edge 8×8</source>
        <translation>세로 경계 8×8</translation>
    </message>
    <message>
        <source>Checkerboard 6×6</source>
        <translation>체커보드 6×6</translation>
    </message>
    <message>
        <source>Random integers 6×6 (−3…3)</source>
        <translation>무작위 정수 6×6 (−3…3)</translation>
    </message>
    <message>
        <source>A drawn 7, 28×28</source>
        <translation>손으로 그린 7, 28×28</translation>
    </message>
    <message>
        <source>Colour patch 5×5, 3 channels (R, G, B)</source>
        <translation>컬러 조각 5×5, 3채널 (R, G, B)</translation>
    </message>
    <message>
        <source>Random integers 6×6 (0…9)</source>
        <translation>무작위 정수 6×6 (0…9)</translation>
    </message>
</context>
<context>
    <name>LayerStackForm</name>
    <message>
        <source>Layer</source>
        <translation>층</translation>
    </message>
    <message>
        <source>Filters / units</source>
        <translation>필터 / 유닛 수</translation>
    </message>
    <message>
        <source>Kernel / pool</source>
        <translation>커널 / 풀 크기</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>활성화 함수</translation>
    </message>
    <message>
        <source>Padding</source>
        <translation>패딩</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>비율</translation>
    </message>
    <message>
        <source>Add layer</source>
        <translation>층 추가</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>위로</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>아래로</translation>
    </message>
    <message>
        <source>+ Dense (one unit per class, softmax) is added as the output layer.</source>
        <translation>+ 출력층으로 Dense (클래스마다 유닛 하나, softmax)가 추가됩니다.</translation>
    </message>
    <message>
        <source>Cannot build: {0}</source>
        <translation>만들 수 없습니다: {0}</translation>
    </message>
    <message>
        <source>{0} layers, {1:,} parameters ({2:.1f} MB)</source>
        <translation>층 {0}개, 파라미터 {1:,}개 ({2:.1f} MB)</translation>
    </message>
</context>
<context>
    <name>LessonController</name>
    <message>
        <source>&amp;Lesson</source>
        <translation>수업(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Start lesson</source>
        <translation>수업 시작(&amp;S)</translation>
    </message>
    <message>
        <source>{0} steps</source>
        <translation>{0}단계</translation>
    </message>
    <message>
        <source>&amp;Open lesson file…</source>
        <translation>수업 파일 열기(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a lesson (.toml) you or a colleague wrote</source>
        <translation>직접 또는 동료가 만든 수업 파일을 엽니다</translation>
    </message>
    <message>
        <source>&amp;Next step</source>
        <translation>다음 단계(&amp;N)</translation>
    </message>
    <message>
        <source>Go to the next step of the lesson</source>
        <translation>수업의 다음 단계로 넘어갑니다</translation>
    </message>
    <message>
        <source>&amp;Previous step</source>
        <translation>이전 단계(&amp;P)</translation>
    </message>
    <message>
        <source>Go back to the previous step of the lesson</source>
        <translation>수업의 이전 단계로 돌아갑니다</translation>
    </message>
    <message>
        <source>&amp;Record step…</source>
        <translation>단계 기록(&amp;R)…</translation>
    </message>
    <message>
        <source>Add the current page, as it is now, as a step of the lesson</source>
        <translation>지금 화면을 그대로 수업의 새 단계로 추가합니다</translation>
    </message>
    <message>
        <source>Sa&amp;ve lesson as…</source>
        <translation>다른 이름으로 수업 저장(&amp;V)…</translation>
    </message>
    <message>
        <source>Save the lesson, with the steps you recorded, to a file</source>
        <translation>기록한 단계를 포함해 수업을 파일로 저장합니다</translation>
    </message>
    <message>
        <source>S&amp;top lesson</source>
        <translation>수업 끝내기(&amp;T)</translation>
    </message>
    <message>
        <source>Close the narration and leave the pages as they are</source>
        <translation>설명 패널을 닫고 화면은 지금 상태로 둡니다</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>%2단계 중 %1단계</translation>
    </message>
    <message>
        <source>Open lesson</source>
        <translation>수업 열기</translation>
    </message>
    <message>
        <source>Lessons (*.toml);;All files (*)</source>
        <translation>수업 파일 (*.toml);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>The lesson could not be opened</source>
        <translation>수업을 열 수 없습니다</translation>
    </message>
    <message>
        <source>Save lesson</source>
        <translation>수업 저장</translation>
    </message>
    <message>
        <source>Lessons (*.toml)</source>
        <translation>수업 파일 (*.toml)</translation>
    </message>
    <message>
        <source>Lesson saved to %1</source>
        <translation>수업을 %1에 저장했습니다</translation>
    </message>
</context>
<context>
    <name>LessonHighlights</name>
    <message>
        <source>the input</source>
        <translation>입력</translation>
    </message>
    <message>
        <source>the kernel</source>
        <translation>커널</translation>
    </message>
    <message>
        <source>the output</source>
        <translation>출력</translation>
    </message>
    <message>
        <source>the window the filter covers</source>
        <translation>필터가 덮는 영역</translation>
    </message>
    <message>
        <source>the output-size formula</source>
        <translation>출력 크기 식</translation>
    </message>
    <message>
        <source>the padding</source>
        <translation>패딩</translation>
    </message>
    <message>
        <source>the stride</source>
        <translation>스트라이드</translation>
    </message>
    <message>
        <source>the message under the output</source>
        <translation>출력 아래의 안내 문구</translation>
    </message>
    <message>
        <source>the winning cells</source>
        <translation>가장 큰 값이 뽑힌 칸</translation>
    </message>
    <message>
        <source>the result beside it</source>
        <translation>옆의 결과</translation>
    </message>
    <message>
        <source>the image</source>
        <translation>이미지</translation>
    </message>
    <message>
        <source>the result</source>
        <translation>결과</translation>
    </message>
    <message>
        <source>the three channels</source>
        <translation>세 채널</translation>
    </message>
    <message>
        <source>the colours of negative and positive values</source>
        <translation>음수와 양수의 색</translation>
    </message>
    <message>
        <source>the drawing</source>
        <translation>그림</translation>
    </message>
    <message>
        <source>the probability bars</source>
        <translation>확률 막대</translation>
    </message>
    <message>
        <source>the feature maps</source>
        <translation>특성 맵</translation>
    </message>
    <message>
        <source>the enlarged feature map</source>
        <translation>크게 본 특성 맵</translation>
    </message>
    <message>
        <source>the learned kernels</source>
        <translation>학습된 커널</translation>
    </message>
    <message>
        <source>the sliders</source>
        <translation>슬라이더</translation>
    </message>
    <message>
        <source>the Grad-CAM heat map</source>
        <translation>Grad-CAM 히트맵</translation>
    </message>
    <message>
        <source>the layer summary</source>
        <translation>층 요약</translation>
    </message>
    <message>
        <source>the classes</source>
        <translation>클래스</translation>
    </message>
    <message>
        <source>the accuracy</source>
        <translation>정확도</translation>
    </message>
    <message>
        <source>the confusion matrix</source>
        <translation>혼동 행렬</translation>
    </message>
    <message>
        <source>the examples below it</source>
        <translation>아래의 예시</translation>
    </message>
    <message>
        <source>the training settings</source>
        <translation>학습 설정</translation>
    </message>
    <message>
        <source>the loss curves</source>
        <translation>오차 곡선</translation>
    </message>
    <message>
        <source>the best checkpoint</source>
        <translation>가장 좋은 체크포인트</translation>
    </message>
    <message>
        <source>Look at: %1</source>
        <translation>볼 곳: %1</translation>
    </message>
</context>
<context>
    <name>LessonPanel</name>
    <message>
        <source>Lesson</source>
        <extracomment>The narrowest the panel gets (a 1280-pixel screen) and the width it asks for.</extracomment>
        <translation>수업</translation>
    </message>
    <message>
        <source>◀ Previous</source>
        <translation>◀ 이전</translation>
    </message>
    <message>
        <source>Previous step (Page Up)</source>
        <translation>이전 단계 (PgUp)</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>다음 ▶</translation>
    </message>
    <message>
        <source>Next step (Page Down)</source>
        <translation>다음 단계 (PgDown)</translation>
    </message>
    <message>
        <source>Stop lesson</source>
        <translation>수업 끝내기</translation>
    </message>
    <message>
        <source>Page Down / Page Up: next / previous step; → / ← while this panel has the focus.</source>
        <translation>PgDown / PgUp: 다음 / 이전 단계. 이 패널을 선택한 상태에서는 → / ← 도 됩니다.</translation>
    </message>
</context>
<context>
    <name>LessonSteps</name>
    <message>
        <source>Step %1: the model “%2” was not found; the current model stays.</source>
        <translation>%1단계: 모델 “%2”을(를) 찾을 수 없어 지금 모델을 그대로 씁니다.</translation>
    </message>
    <message>
        <source>Step %1: the image “%2” was not found; the page keeps its current input.</source>
        <translation>%1단계: 이미지 “%2”을(를) 찾을 수 없어 화면의 지금 입력을 그대로 둡니다.</translation>
    </message>
    <message>
        <source>This step is for the page “%1”, which this window does not have.</source>
        <translation>이 단계는 “%1” 화면용인데, 이 창에는 그 화면이 없습니다.</translation>
    </message>
    <message>
        <source>This step could not be set up completely: %1</source>
        <translation>이 단계를 모두 설정하지 못했습니다: %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>cnnviz — see how convolution and CNNs work</source>
        <extracomment>The user asked to restart (new language); the application saves and relaunches.</extracomment>
        <translation>cnnviz — 합성곱과 CNN이 동작하는 원리 보기</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>내보내기(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>테마(&amp;T)</translation>
    </message>
    <message>
        <source>Open &amp;session…</source>
        <translation>세션 열기(&amp;S)…</translation>
    </message>
    <message>
        <source>Reopen a saved session: model, drawing, kernels, lab position</source>
        <translation>저장한 세션 다시 열기: 모델, 그림, 커널, 실습 위치</translation>
    </message>
    <message>
        <source>Sa&amp;ve session…</source>
        <translation>세션 저장(&amp;V)…</translation>
    </message>
    <message>
        <source>Save the model, drawing, kernels and lab position to a file</source>
        <translation>모델, 그림, 커널, 실습 위치를 파일로 저장</translation>
    </message>
    <message>
        <source>&amp;Page as PNG…</source>
        <translation>현재 화면을 PNG로(&amp;P)…</translation>
    </message>
    <message>
        <source>Save a picture of the current page at presentation resolution</source>
        <translation>현재 화면을 발표용 해상도의 그림으로 저장</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>설정(&amp;T)…</translation>
    </message>
    <message>
        <source>Language, theme and zoom</source>
        <translation>언어, 테마, 확대 배율</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Next page</source>
        <translation>다음 화면(&amp;N)</translation>
    </message>
    <message>
        <source>P&amp;revious page</source>
        <translation>이전 화면(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>단축키 목록(&amp;K)</translation>
    </message>
    <message>
        <source>List every keyboard shortcut</source>
        <translation>모든 단축키 보기</translation>
    </message>
    <message>
        <source>&amp;About cnnviz</source>
        <translation>cnnviz 정보(&amp;A)</translation>
    </message>
    <message>
        <source>Keras: loading…</source>
        <translation>Keras: 불러오는 중…</translation>
    </message>
    <message>
        <source>Quit cnnviz?</source>
        <translation>cnnviz를 종료할까요?</translation>
    </message>
    <message>
        <source>Stop and quit</source>
        <translation>멈추고 종료</translation>
    </message>
    <message>
        <source>Export page as PNG</source>
        <translation>화면을 PNG로 내보내기</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 이미지 (*.png)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>내보내기 실패</translation>
    </message>
    <message>
        <source>Could not save {path}: {error}</source>
        <translation>{path}을(를) 저장할 수 없습니다: {error}</translation>
    </message>
    <message>
        <source>Saved {path} ({w}×{h} pixels)</source>
        <translation>{path} 저장함 ({w}×{h} 픽셀)</translation>
    </message>
</context>
<context>
    <name>MapDetailView</name>
    <message>
        <source>Click a feature map to enlarge it</source>
        <translation>특성 맵을 누르면 크게 보입니다</translation>
    </message>
    <message>
        <source>Open filter in Convolution Lab</source>
        <translation>합성곱 실습에서 필터 열기</translation>
    </message>
    <message>
        <source>Step through this filter on the current input in the Convolution Lab (L)</source>
        <translation>이 필터를 현재 입력에 대해 합성곱 실습에서 한 단계씩 계산 (L)</translation>
    </message>
    <message>
        <source>Switch this filter off</source>
        <translation>이 필터 끄기</translation>
    </message>
    <message>
        <source>Set this filter&apos;s weights and bias to zero (in memory only; Reset weights restores them)</source>
        <translation>이 필터의 가중치와 편향을 0으로 (메모리에서만; 가중치 되돌리기로 복원)</translation>
    </message>
    <message>
        <source>What does this filter look for?</source>
        <translation>이 필터는 무엇을 찾을까?</translation>
    </message>
    <message>
        <source>The image that excites this channel most, and the test images that excite it most</source>
        <translation>이 채널을 가장 강하게 활성화하는 이미지와, 가장 강하게 활성화하는 테스트 이미지</translation>
    </message>
    <message>
        <source>{0} · channel {1} · {2}×{3}</source>
        <translation>{0} · 채널 {1} · {2}×{3}</translation>
    </message>
    <message>
        <source>min {0:.4g}   max {1:.4g}</source>
        <translation>최솟값 {0:.4g}   최댓값 {1:.4g}</translation>
    </message>
    <message>
        <source>row {0}, column {1}: {2:.4g}</source>
        <translation>{0}행 {1}열: {2:.4g}</translation>
    </message>
</context>
<context>
    <name>ModelHub</name>
    <message>
        <source>The bundled digit model is missing from this installation: looked for {path}. Reinstall cnnviz to restore it, or open a model with File → Open model…</source>
        <translation>이 설치에는 내장 숫자 모델이 없습니다 ({path}에서 찾음). cnnviz를 다시 설치해 복구하거나, 파일 → 모델 열기…</translation>
    </message>
</context>
<context>
    <name>ModelPage</name>
    <message>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>Open model…</source>
        <translation>모델 열기…</translation>
    </message>
    <message>
        <source>Open a Keras model file (.keras, .h5) — or drop one on the window</source>
        <translation>Keras 모델 파일 (.keras, .h5) 열기 — 창에 끌어다 놓아도 됩니다</translation>
    </message>
    <message>
        <source>Open bundled</source>
        <translation>내장 모델 열기</translation>
    </message>
    <message>
        <source>This file holds only weights</source>
        <translation>이 파일에는 가중치만 있습니다</translation>
    </message>
    <message>
        <source>Architecture:</source>
        <translation>구조:</translation>
    </message>
    <message>
        <source>Load weights into it</source>
        <translation>가중치를 여기에 불러오기</translation>
    </message>
    <message>
        <source>Architecture file (.keras/.json)…</source>
        <translation>구조 파일 (.keras/.json)…</translation>
    </message>
    <message>
        <source>No model open</source>
        <translation>열린 모델 없음</translation>
    </message>
    <message>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <source>Saved by</source>
        <translation>저장한 버전</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>입력</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>출력</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>파라미터</translation>
    </message>
    <message>
        <source>Compatibility</source>
        <translation>호환성</translation>
    </message>
    <message>
        <source>Class names</source>
        <translation>클래스 이름</translation>
    </message>
    <message>
        <source>one name per line</source>
        <translation>한 줄에 이름 하나</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>적용</translation>
    </message>
    <message>
        <source>Save beside the model</source>
        <translation>모델 옆에 저장</translation>
    </message>
    <message>
        <source>Write &lt;model&gt;.labels.txt next to the model file</source>
        <translation>모델 파일 옆에 &lt;model&gt;.labels.txt로 저장</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>층</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>종류</translation>
    </message>
    <message>
        <source>Output shape</source>
        <translation>출력 모양</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>파라미터</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>커널</translation>
    </message>
    <message>
        <source>Stride</source>
        <translation>스트라이드</translation>
    </message>
    <message>
        <source>Padding</source>
        <translation>패딩</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>활성화 함수</translation>
    </message>
    <message>
        <source>Loading {0}…</source>
        <translation>{0} 불러오는 중…</translation>
    </message>
    <message>
        <source>choose…</source>
        <translation>선택…</translation>
    </message>
    <message>
        <source>Keras {0}</source>
        <translation>Keras {0}</translation>
    </message>
    <message>
        <source>unknown Keras version</source>
        <translation>알 수 없는 Keras 버전</translation>
    </message>
    <message>
        <source>(cannot be drawn: this model&apos;s input is not an image)</source>
        <translation>(그릴 수 없음: 이 모델의 입력은 이미지가 아닙니다)</translation>
    </message>
    <message>
        <source>{0} ({1} trainable), {2} layers</source>
        <translation>{0}개 (학습 가능 {1}개), 층 {2}개</translation>
    </message>
    <message>
        <source>loaded as saved</source>
        <translation>저장된 그대로 불러옴</translation>
    </message>
    <message>
        <source>grayscale</source>
        <translation>흑백</translation>
    </message>
    <message>
        <source>RGB</source>
        <translation>RGB</translation>
    </message>
    <message>
        <source>any size</source>
        <translation>임의 크기</translation>
    </message>
    <message>
        <source>{0} image {1}</source>
        <translation>{0} 이미지 {1}</translation>
    </message>
    <message>
        <source>(no channel axis)</source>
        <translation>(채널 축 없음)</translation>
    </message>
    <message>
        <source>flat vector of {0} values = {1} image {2} flattened</source>
        <translation>값 {0}개의 1차원 벡터 = {1} 이미지 {2}를 펼친 것</translation>
    </message>
    <message>
        <source>softmax over {0} classes</source>
        <translation>클래스 {0}개에 대한 softmax</translation>
    </message>
    <message>
        <source>one sigmoid unit: a binary (yes/no) probability</source>
        <translation>sigmoid 유닛 하나: 이진(예/아니오) 확률</translation>
    </message>
    <message>
        <source>{0} independent sigmoid outputs</source>
        <translation>서로 독립인 sigmoid 출력 {0}개</translation>
    </message>
    <message>
        <source>{0} scores ({1}, no softmax)</source>
        <translation>점수 {0}개 ({1}, softmax 없음)</translation>
    </message>
    <message>
        <source>{0} classes: one name per line, in output order.</source>
        <translation>클래스 {0}개: 출력 순서대로 한 줄에 이름 하나.</translation>
    </message>
    <message>
        <source>the file does not exist</source>
        <translation>파일이 없습니다</translation>
    </message>
    <message>
        <source>that is a folder, not a model file</source>
        <translation>모델 파일이 아니라 폴더입니다</translation>
    </message>
    <message>
        <source>the file cannot be read</source>
        <translation>파일을 읽을 수 없습니다</translation>
    </message>
    <message>
        <source>the file is empty</source>
        <translation>파일이 비어 있습니다</translation>
    </message>
    <message>
        <source>the file is too large</source>
        <translation>파일이 너무 큽니다</translation>
    </message>
    <message>
        <source>this is not a Keras model file</source>
        <translation>Keras 모델 파일이 아닙니다</translation>
    </message>
    <message>
        <source>the file is damaged</source>
        <translation>파일이 손상되었습니다</translation>
    </message>
    <message>
        <source>refused for safety: the file would run code or read other files</source>
        <translation>안전을 위해 거부함: 이 파일은 코드를 실행하거나 다른 파일을 읽으려 합니다</translation>
    </message>
    <message>
        <source>Keras cannot rebuild this model</source>
        <translation>Keras가 이 모델을 다시 만들 수 없습니다</translation>
    </message>
    <message>
        <source>the weights do not fit that architecture</source>
        <translation>가중치가 그 구조에 맞지 않습니다</translation>
    </message>
    <message>
        <source>loading took too long and was stopped</source>
        <translation>불러오기가 너무 오래 걸려 중단했습니다</translation>
    </message>
    <message>
        <source>loading needed too much memory and was stopped</source>
        <translation>불러오기에 메모리가 너무 많이 필요해 중단했습니다</translation>
    </message>
    <message>
        <source>the loader stopped unexpectedly (the file is probably damaged)</source>
        <translation>불러오기가 예기치 않게 멈췄습니다 (파일이 손상되었을 수 있습니다)</translation>
    </message>
    <message>
        <source>the model&apos;s input is not an image</source>
        <translation>모델의 입력이 이미지가 아닙니다</translation>
    </message>
    <message>
        <source>the model could not be opened</source>
        <translation>모델을 열 수 없습니다</translation>
    </message>
    <message>
        <source>Textbook CNN</source>
        <translation>교재의 CNN</translation>
    </message>
    <message>
        <source>cnnviz digit CNN</source>
        <translation>cnnviz 숫자 CNN</translation>
    </message>
    <message>
        <source>cnnviz Fashion-MNIST CNN</source>
        <translation>cnnviz Fashion-MNIST CNN</translation>
    </message>
    <message>
        <source>Open a Keras model</source>
        <translation>Keras 모델 열기</translation>
    </message>
    <message>
        <source>Keras models (*.keras *.h5 *.hdf5);;All files (*)</source>
        <translation>Keras 모델 (*.keras *.h5 *.hdf5);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Architecture for these weights</source>
        <translation>이 가중치에 맞는 구조</translation>
    </message>
    <message>
        <source>Architectures (*.keras *.json);;All files (*)</source>
        <translation>구조 파일 (*.keras *.json);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>This model needs {0} names (one per line, none empty); you gave {1}.</source>
        <translation>이 모델에는 이름이 {0}개 필요합니다 (한 줄에 하나, 빈 줄 없이). 입력한 이름: {1}개.</translation>
    </message>
    <message>
        <source>Class names applied.</source>
        <translation>클래스 이름을 적용했습니다.</translation>
    </message>
    <message>
        <source>Could not save the names beside the model: {0}</source>
        <translation>모델 옆에 이름을 저장할 수 없습니다: {0}</translation>
    </message>
    <message>
        <source>Saved to {0}</source>
        <translation>{0}에 저장했습니다</translation>
    </message>
    <message>
        <source>Model {0} loaded</source>
        <translation>모델 {0}을(를) 불러왔습니다</translation>
    </message>
    <message>
        <source> The model {0} stays open.</source>
        <translation> 모델 {0}은(는) 그대로 열려 있습니다.</translation>
    </message>
    <message>
        <source>Could not open {0} — {1}</source>
        <translation>{0}을(를) 열 수 없습니다 — {1}</translation>
    </message>
    <message>
        <source>{0} holds only the weights of a model (it was saved with save_weights), not its architecture. Pick the architecture they belong to: a bundled one, or a .keras/.json file describing the same layers.</source>
        <translation>{0}에는 모델 구조 없이 가중치만 있습니다 (save_weights로 저장됨). 이 가중치에 맞는 구조를 고르세요: 내장 구조나, 같은 층을 담은 .keras/.json 파일.</translation>
    </message>
    <message>
        <source>Layers with weights in the file: {0}</source>
        <translation>파일에 가중치가 있는 층: {0}</translation>
    </message>
    <message>
        <source>These layers match the bundled architecture {0}.</source>
        <translation>이 층들은 내장 구조 {0}와 일치합니다.</translation>
    </message>
    <message>
        <source>None of the bundled architectures has these layers: choose a .keras/.json file that describes them.</source>
        <translation>이 층들을 가진 내장 구조가 없습니다. 이 층들을 설명하는 .keras/.json 파일을 고르세요.</translation>
    </message>
    <message>
        <source>cnnviz cannot tell which architecture these weights fit: choose the one they were saved from.</source>
        <translation>cnnviz는 이 가중치가 어느 구조에 맞는지 알 수 없습니다. 가중치를 저장한 구조를 고르세요.</translation>
    </message>
    <message>
        <source>{0}: weights only — pick an architecture</source>
        <translation>{0}: 가중치만 있음 — 구조를 고르세요</translation>
    </message>
    <message>
        <source>&amp;Open model…</source>
        <translation>모델 열기(&amp;O)…</translation>
    </message>
    <message>
        <source>Recent &amp;models</source>
        <translation>최근 모델(&amp;M)</translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation>(아직 없음)</translation>
    </message>
    <message>
        <source>Clear list</source>
        <translation>목록 지우기</translation>
    </message>
</context>
<context>
    <name>MosaicView</name>
    <message>
        <source>channel {0}  row {1}, column {2}: {3:.4g}</source>
        <translation>채널 {0}  {1}행 {2}열: {3:.4g}</translation>
    </message>
</context>
<context>
    <name>PoolLab</name>
    <message>
        <source>Max pooling</source>
        <translation>맥스 풀링</translation>
    </message>
    <message>
        <source>Average pooling</source>
        <translation>평균 풀링</translation>
    </message>
    <message>
        <source>Min pooling</source>
        <translation>최소 풀링</translation>
    </message>
    <message>
        <source>Pooling Lab</source>
        <translation>풀링 실습</translation>
    </message>
</context>
<context>
    <name>PoolLabController</name>
    <message>
        <source>Convolution output from the lab</source>
        <translation>합성곱 실습의 출력</translation>
    </message>
    <message>
        <source>the Pooling Lab needs a 2-D input up to %1×%1, got shape %2</source>
        <translation>풀링 실습에는 최대 %1×%1 크기의 2차원 입력이 필요합니다. 받은 모양: %2</translation>
    </message>
    <message>
        <source>The Convolution Lab has no output (its settings do not fit).</source>
        <translation>합성곱 실습에 출력이 없습니다 (설정이 입력에 맞지 않음).</translation>
    </message>
    <message>
        <source>Output %1×%2</source>
        <translation>출력 %1×%2</translation>
    </message>
    <message>
        <source>Input %1×%2</source>
        <translation>입력 %1×%2</translation>
    </message>
    <message>
        <source>No output</source>
        <translation>출력 없음</translation>
    </message>
    <message>
        <source>These settings give no output.</source>
        <translation>이 설정으로는 출력이 나오지 않습니다.</translation>
    </message>
    <message>
        <source>Stepping is off until the settings fit the input.</source>
        <translation>설정이 입력에 맞을 때까지 단계 실행을 할 수 없습니다.</translation>
    </message>
    <message>
        <source>Press → or Space to pool the first window, P to play.</source>
        <translation>→ 또는 Space를 눌러 첫 창을 풀링하고, P를 누르면 자동 재생합니다.</translation>
    </message>
    <message>
        <source>Output row %1, column %2 ← input rows %3–%4, columns %5–%6</source>
        <translation>출력 %1행 %2열 ← 입력 %3–%4행, %5–%6열</translation>
    </message>
    <message>
        <source>Input text: %1</source>
        <translation>입력 텍스트: %1</translation>
    </message>
    <message>
        <source>Open an image</source>
        <translation>이미지 열기</translation>
    </message>
</context>
<context>
    <name>PoolLabView</name>
    <message>
        <source>Input</source>
        <translation>입력</translation>
    </message>
    <message>
        <source>Use the Convolution Lab&apos;s output</source>
        <translation>합성곱 실습의 출력 사용</translation>
    </message>
    <message>
        <source>Open image…</source>
        <translation>이미지 열기…</translation>
    </message>
    <message>
        <source>size </source>
        <translation>크기 </translation>
    </message>
    <message>
        <source>or type a matrix: 1,0;0,1 and press Enter</source>
        <translation>또는 행렬을 입력하고 Enter: 1,0;0,1</translation>
    </message>
    <message>
        <source>Pooling</source>
        <translation>풀링</translation>
    </message>
    <message>
        <source>= pool size</source>
        <translation>= 풀 크기</translation>
    </message>
    <message>
        <source>valid (no padding)</source>
        <translation>valid (패딩 없음)</translation>
    </message>
    <message>
        <source>same (output = input / stride)</source>
        <translation>same (출력 = 입력 / 스트라이드)</translation>
    </message>
    <message>
        <source>Pool size</source>
        <translation>풀 크기</translation>
    </message>
    <message>
        <source>Stride</source>
        <translation>스트라이드</translation>
    </message>
    <message>
        <source>Padding</source>
        <translation>패딩</translation>
    </message>
    <message>
        <source>Left output</source>
        <translation>왼쪽 출력</translation>
    </message>
    <message>
        <source>Right output</source>
        <translation>오른쪽 출력</translation>
    </message>
    <message>
        <source>Padded cells never win and are left out of averages (as in Keras).</source>
        <translation>패딩 칸은 최댓값으로 뽑히지 않고 평균에서도 빠집니다 (Keras와 같음).</translation>
    </message>
</context>
<context>
    <name>Preprocessing</name>
    <message>
        <source>Grayscale</source>
        <translation>흑백</translation>
    </message>
    <message>
        <source>Inverted</source>
        <translation>반전</translation>
    </message>
    <message>
        <source>Light on dark</source>
        <translation>어두운 바탕에 밝은 글씨</translation>
    </message>
    <message>
        <source>Cleaned</source>
        <translation>정리됨</translation>
    </message>
    <message>
        <source>Drawing</source>
        <translation>그림</translation>
    </message>
    <message>
        <source>Pen thinned</source>
        <translation>펜 굵기 줄임</translation>
    </message>
    <message>
        <source>Pen thickened</source>
        <translation>펜 굵기 늘림</translation>
    </message>
    <message>
        <source>Cropped</source>
        <translation>잘라냄</translation>
    </message>
    <message>
        <source>Scaled {0}×{0}</source>
        <translation>{0}×{0}로 맞춤</translation>
    </message>
    <message>
        <source>In {0}×{0}</source>
        <translation>{0}×{0} 안에 놓음</translation>
    </message>
    <message>
        <source>Centred</source>
        <translation>가운데 맞춤</translation>
    </message>
    <message>
        <source>reduced from {0}×{1} to {2}×{3} pixels</source>
        <translation>{0}×{1}에서 {2}×{3} 픽셀로 줄임</translation>
    </message>
    <message>
        <source>Denoised</source>
        <translation>잡음 제거</translation>
    </message>
    <message>
        <source>background removed with Otsu&apos;s threshold</source>
        <translation>오츠(Otsu) 임계값으로 배경 제거</translation>
    </message>
    <message>
        <source>enlarged from {0}×{1} to {2}×{3} pixels</source>
        <translation>{0}×{1}에서 {2}×{3} 픽셀로 키움</translation>
    </message>
    <message>
        <source>Shifted / rotated / scaled</source>
        <translation>이동 / 회전 / 크기 조절</translation>
    </message>
</context>
<context>
    <name>Presentation</name>
    <message>
        <source>&amp;Presentation mode</source>
        <extracomment>The screen height the presentation factor is meant for; smaller screens scale it down. The range offered in Settings for the presentation factor (small rooms … big halls). Fonts are never smaller than this at zoom 1.0 (some desktops default to 8–9 pt). Widget classes a platform theme may give fonts of their own (QApplication&apos;s per-class font table): setting the application font does not reach them, so they are scaled too, keeping their size relative to the application font. widget properties of :func:`set_relative_font`</extracomment>
        <translation>발표 모드(&amp;P)</translation>
    </message>
    <message>
        <source>Full screen with large type for projecting</source>
        <translation>프로젝터용 큰 글씨 전체 화면</translation>
    </message>
    <message>
        <source>Leave presentation mode</source>
        <translation>발표 모드 끝내기</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>확대(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>축소(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Actual size</source>
        <translation>원래 크기(&amp;A)</translation>
    </message>
</context>
<context>
    <name>ProbabilityView</name>
    <message>
        <source>Prediction</source>
        <translation>예측</translation>
    </message>
    <message>
        <source>{0:.1f} % sure</source>
        <translation>확신도 {0:.1f} %</translation>
    </message>
    <message>
        <source>Draw a digit</source>
        <translation>숫자를 그려 보세요</translation>
    </message>
</context>
<context>
    <name>RecordStepDialog</name>
    <message>
        <source>Record step</source>
        <translation>단계 기록</translation>
    </message>
    <message>
        <source>The page “%1” as it is now becomes a new step of the lesson. The text is used for both languages; edit the saved file to translate it.</source>
        <translation>지금의 “%1” 화면이 수업의 새 단계가 됩니다. 입력한 글은 두 언어에 똑같이 쓰입니다. 번역하려면 저장한 파일을 고치세요.</translation>
    </message>
    <message>
        <source>What the class should look at</source>
        <translation>학생들이 무엇을 봐야 하는지</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>제목:</translation>
    </message>
    <message>
        <source>Narration:</source>
        <translation>설명:</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>Save session</source>
        <extracomment>Window attributes holding controllers, in restore order (page keys are tried as well). At most this many undo (and redo) steps are saved: ~3 KB each.</extracomment>
        <translation>세션 저장</translation>
    </message>
    <message>
        <source>cnnviz sessions (*.cnnviz);;JSON files (*.json)</source>
        <translation>cnnviz 세션 (*.cnnviz);;JSON 파일 (*.json)</translation>
    </message>
    <message>
        <source>Could not save the session to {path}: {error}</source>
        <translation>세션을 {path}에 저장할 수 없습니다: {error}</translation>
    </message>
    <message>
        <source>Session saved to {path}</source>
        <translation>세션을 {path}에 저장했습니다</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>세션 열기</translation>
    </message>
    <message>
        <source>cnnviz sessions (*.cnnviz *.json);;All files (*)</source>
        <translation>cnnviz 세션 (*.cnnviz *.json);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>The session could not be opened; nothing was changed.</source>
        <translation>세션을 열 수 없습니다. 아무것도 바뀌지 않았습니다.</translation>
    </message>
    <message>
        <source>Session opened from {path}</source>
        <translation>{path}에서 세션을 열었습니다</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>시스템 기본값</translation>
    </message>
    <message>
        <source>How much larger text is in presentation mode (F11) on a 1080-line screen; smaller screens get proportionally less, so the pages still fit</source>
        <translation>발표 모드(F11)에서 1080줄 화면 기준으로 글자를 얼마나 크게 할지 정합니다. 더 작은 화면에서는 페이지가 들어가도록 비례해서 줄어듭니다</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>언어(&amp;L):</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>테마(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;Zoom:</source>
        <translation>확대 배율(&amp;Z):</translation>
    </message>
    <message>
        <source>&amp;Presentation text size:</source>
        <translation>발표 모드 글자 크기(&amp;P):</translation>
    </message>
    <message>
        <source>Restart to change the language</source>
        <translation>언어를 바꾸려면 다시 시작</translation>
    </message>
    <message>
        <source>The new language is used after cnnviz restarts. Your drawing, kernels and lab position are kept. Restart now?</source>
        <translation>새 언어는 cnnviz를 다시 시작한 뒤에 적용됩니다. 그림, 커널, 실습 위치는 그대로 유지됩니다. 지금 다시 시작할까요?</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Window</source>
        <translation>창</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>단축키</translation>
    </message>
    <message>
        <source>Filter…</source>
        <translation>검색…</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>동작</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>단축키</translation>
    </message>
</context>
<context>
    <name>StepControls</name>
    <message>
        <source>%1 steps/s</source>
        <translation>초당 %1단계</translation>
    </message>
    <message>
        <source>step %1 of %2</source>
        <translation>%2단계 중 %1</translation>
    </message>
</context>
<context>
    <name>Stepping</name>
    <message>
        <source>Step</source>
        <translation>한 단계</translation>
    </message>
    <message>
        <source>Compute the next output cell</source>
        <translation>다음 출력 칸 계산</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>뒤로</translation>
    </message>
    <message>
        <source>Undo the last step</source>
        <translation>마지막 단계 취소</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>재생</translation>
    </message>
    <message>
        <source>Play or pause the animation</source>
        <translation>애니메이션 재생 또는 일시 정지</translation>
    </message>
    <message>
        <source>End</source>
        <translation>끝</translation>
    </message>
    <message>
        <source>Compute every remaining cell</source>
        <translation>남은 칸 모두 계산</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>처음으로</translation>
    </message>
    <message>
        <source>Back to the start: empty output</source>
        <translation>처음으로: 빈 출력</translation>
    </message>
    <message>
        <source>Faster</source>
        <translation>빠르게</translation>
    </message>
    <message>
        <source>Play faster</source>
        <translation>더 빠르게 재생</translation>
    </message>
    <message>
        <source>Slower</source>
        <translation>느리게</translation>
    </message>
    <message>
        <source>Play slower</source>
        <translation>더 느리게 재생</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <source>Show or hide the controls</source>
        <translation>조작 패널 보이기/숨기기</translation>
    </message>
    <message>
        <source>Show or hide the controls (C)</source>
        <translation>조작 패널 보이기/숨기기 (C)</translation>
    </message>
</context>
<context>
    <name>Theme</name>
    <message>
        <source>Light</source>
        <translation>밝게</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>어둡게</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>고대비</translation>
    </message>
</context>
<context>
    <name>TrainingPage</name>
    <message>
        <source>epoch</source>
        <translation>에포크</translation>
    </message>
    <message>
        <source>training</source>
        <translation>훈련</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>검증</translation>
    </message>
    <message>
        <source>Custom layer stack</source>
        <translation>직접 쌓은 층</translation>
    </message>
    <message>
        <source>MNIST (digits)</source>
        <translation>MNIST (손글씨 숫자)</translation>
    </message>
    <message>
        <source>Fashion-MNIST (clothing)</source>
        <translation>Fashion-MNIST (옷)</translation>
    </message>
    <message>
        <source>IDX .gz folder (empty: Keras download)</source>
        <translation>IDX .gz 폴더 (비우면 Keras가 내려받음)</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>폴더…</translation>
    </message>
    <message>
        <source>all</source>
        <translation>전체</translation>
    </message>
    <message>
        <source>Train on the first N training images only (like cnnviz train --limit N): 1000 finishes in seconds, so a class can watch a whole run.</source>
        <translation>처음 N개의 훈련 이미지만으로 훈련합니다 (명령줄 학습의 이미지 수 제한과 같음). 1000개면 몇 초 만에 끝나므로 수업에서 훈련 전체를 지켜볼 수 있습니다.</translation>
    </message>
    <message>
        <source>Augment (shift, rotate, scale, stroke width)</source>
        <translation>데이터 증강 (이동, 회전, 크기, 획 굵기)</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>다른 이름으로 저장…</translation>
    </message>
    <message>
        <source>What to train</source>
        <translation>학습할 것</translation>
    </message>
    <message>
        <source>Architecture:</source>
        <translation>구조:</translation>
    </message>
    <message>
        <source>Data set:</source>
        <translation>데이터 세트:</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>데이터 폴더:</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>에포크:</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>배치 크기:</translation>
    </message>
    <message>
        <source>Training images:</source>
        <translation>훈련 이미지 수:</translation>
    </message>
    <message>
        <source>Best model to:</source>
        <translation>최고 모델 저장 위치:</translation>
    </message>
    <message>
        <source>Start training</source>
        <translation>학습 시작</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Use as current model</source>
        <translation>현재 모델로 사용</translation>
    </message>
    <message>
        <source>Choose an architecture and a data set, then start.</source>
        <translation>구조와 데이터 세트를 고른 다음 시작하세요.</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>오차</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>정확도</translation>
    </message>
    <message>
        <source>Folder with the data set&apos;s IDX files</source>
        <translation>데이터 세트의 IDX 파일이 있는 폴더</translation>
    </message>
    <message>
        <source>Save the trained model as</source>
        <translation>학습된 모델 저장</translation>
    </message>
    <message>
        <source>Keras model (*.keras)</source>
        <translation>Keras 모델 (*.keras)</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>계속</translation>
    </message>
    <message>
        <source>{0} elapsed · {1} left</source>
        <translation>{0} 지남 · {1} 남음</translation>
    </message>
    <message>
        <source>Paused in epoch {0} of {1}.</source>
        <translation>{1}에포크 중 {0}번째에서 일시 정지했습니다.</translation>
    </message>
    <message>
        <source>Epoch {0} of {1}, batch {2} of {3}: loss {4:.4f}, accuracy {5:.4f}</source>
        <translation>에포크 {0}/{1}, 배치 {2}/{3}: 오차 {4:.4f}, 정확도 {5:.4f}</translation>
    </message>
    <message>
        <source>Epoch {0} of {1} done: validation accuracy {2:.4f}, validation loss {3:.4f}</source>
        <translation>에포크 {0}/{1} 완료: 검증 정확도 {2:.4f}, 검증 오차 {3:.4f}</translation>
    </message>
    <message>
        <source>Textbook CNN (Conv 32 → Conv 64 → Pool → Dense 128)</source>
        <translation>교재의 CNN (Conv 32 → Conv 64 → Pool → Dense 128)</translation>
    </message>
    <message>
        <source>cnnviz digit CNN (the bundled one)</source>
        <translation>cnnviz 숫자 CNN (내장 모델)</translation>
    </message>
    <message>
        <source>cnnviz Fashion-MNIST CNN</source>
        <translation>cnnviz Fashion-MNIST CNN</translation>
    </message>
    <message>
        <source>The output file must end in .keras.</source>
        <translation>출력 파일 이름은 .keras로 끝나야 합니다.</translation>
    </message>
    <message>
        <source>Data folder not found: {0}</source>
        <translation>데이터 폴더를 찾을 수 없습니다: {0}</translation>
    </message>
    <message>
        <source>Preparing the data and the network…</source>
        <translation>데이터와 신경망을 준비하는 중…</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>알 수 없는 오류</translation>
    </message>
    <message>
        <source>cannot start the training process ({0})</source>
        <translation>학습 프로세스를 시작할 수 없습니다 ({0})</translation>
    </message>
    <message>
        <source>training stopped because cnnviz is closing</source>
        <translation>cnnviz가 종료되어 학습을 멈췄습니다</translation>
    </message>
    <message>
        <source>the training process was killed ({0}), perhaps because the computer ran out of memory; try a smaller batch size or fewer images</source>
        <translation>학습 프로세스가 강제 종료되었습니다 ({0}). 컴퓨터의 메모리가 부족했을 수 있으니 배치 크기나 훈련 이미지 수를 줄여 보세요</translation>
    </message>
    <message>
        <source>the training process crashed ({0})</source>
        <translation>학습 프로세스가 비정상 종료되었습니다 ({0})</translation>
    </message>
    <message>
        <source>the training process ended unexpectedly (exit status {0})</source>
        <translation>학습 프로세스가 예기치 않게 끝났습니다 (종료 코드 {0})</translation>
    </message>
    <message>
        <source>Loading the trained model…</source>
        <translation>학습된 모델을 불러오는 중…</translation>
    </message>
    <message>
        <source>Cancelling after this batch…</source>
        <translation>이 배치가 끝나면 취소합니다…</translation>
    </message>
    <message>
        <source>Cancelled before the first epoch finished: nothing was learned yet.</source>
        <translation>첫 에포크가 끝나기 전에 취소되어 아직 학습된 것이 없습니다.</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>Stopped early (no more progress)</source>
        <translation>조기 종료 (더 나아지지 않음)</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <source>{0}: {1} epochs in {2:.0f} s; best epoch {3} with validation accuracy {4:.4f}, saved to {5}</source>
        <translation>{0}: {2:.0f}초 동안 {1}에포크; 최고 에포크 {3} (검증 정확도 {4:.4f}), {5}에 저장</translation>
    </message>
    <message>
        <source>(It cannot be used here: {0})</source>
        <translation>(여기서는 사용할 수 없습니다: {0})</translation>
    </message>
    <message>
        <source>Training failed: {0}</source>
        <translation>학습 실패: {0}</translation>
    </message>
    <message>
        <source>{0} is now the current model.</source>
        <translation>이제 {0}이(가) 현재 모델입니다.</translation>
    </message>
    <message>
        <source>A training is running. Quitting stops it after the current batch; the best model saved so far is kept.</source>
        <translation>학습이 진행 중입니다. 종료하면 지금 배치가 끝난 뒤 학습을 멈추고, 지금까지 저장된 최고 모델은 남겨 둡니다.</translation>
    </message>
    <message>
        <source>Live training</source>
        <translation>실시간 학습</translation>
    </message>
</context>
<context>
    <name>Walkthrough</name>
    <message>
        <source>Writing the animation (%1 frames)…</source>
        <translation>애니메이션 저장 중 (%1프레임)…</translation>
    </message>
</context>
</TS>
