"""The Keras classes a model file may name. Anything else is refused before loading.

Kept as plain data (no Keras import) so the scan is fast, deterministic and cannot be
fooled by whatever happens to be registered in the running Keras.
"""
from __future__ import annotations

MODEL_CLASSES = frozenset({"Sequential", "Functional", "Model"})

# Built-in Keras layers that compute from their weights and arguments only: no Python
# functions, no file paths, no external programs.
LAYER_CLASSES = frozenset("""
InputLayer
Activation ActivityRegularization ELU LeakyReLU PReLU ReLU Softmax ThresholdedReLU
Add Average Concatenate Dot Maximum Minimum Multiply Subtract
AdditiveAttention Attention MultiHeadAttention GroupQueryAttention
AlphaDropout Dropout GaussianDropout GaussianNoise SpatialDropout1D SpatialDropout2D SpatialDropout3D
AveragePooling1D AveragePooling2D AveragePooling3D AvgPool1D AvgPool2D AvgPool3D
MaxPooling1D MaxPooling2D MaxPooling3D MaxPool1D MaxPool2D MaxPool3D
AdaptiveAveragePooling1D AdaptiveAveragePooling2D AdaptiveAveragePooling3D
AdaptiveMaxPooling1D AdaptiveMaxPooling2D AdaptiveMaxPooling3D
GlobalAveragePooling1D GlobalAveragePooling2D GlobalAveragePooling3D
GlobalAvgPool1D GlobalAvgPool2D GlobalAvgPool3D
GlobalMaxPooling1D GlobalMaxPooling2D GlobalMaxPooling3D GlobalMaxPool1D GlobalMaxPool2D GlobalMaxPool3D
BatchNormalization LayerNormalization GroupNormalization UnitNormalization RMSNormalization
Normalization SpectralNormalization
Conv1D Conv2D Conv3D Conv1DTranspose Conv2DTranspose Conv3DTranspose
Convolution1D Convolution2D Convolution3D Convolution1DTranspose Convolution2DTranspose
Convolution3DTranspose Deconvolution2D Deconvolution3D AtrousConvolution1D AtrousConvolution2D
DepthwiseConv1D DepthwiseConv2D SeparableConv1D SeparableConv2D
SeparableConvolution1D SeparableConvolution2D
ConvLSTM1D ConvLSTM2D ConvLSTM3D LSTM GRU SimpleRNN LSTMCell GRUCell SimpleRNNCell
StackedRNNCells RNN Bidirectional TimeDistributed
Cropping1D Cropping2D Cropping3D ZeroPadding1D ZeroPadding2D ZeroPadding3D
UpSampling1D UpSampling2D UpSampling3D
Dense EinsumDense Embedding Flatten Identity Masking Permute RepeatVector Reshape
Rescaling Resizing CenterCrop CategoryEncoding Discretization
AutoContrast Equalization RandomBrightness RandomColorDegeneration RandomColorJitter
RandomContrast RandomCrop RandomFlip RandomGaussianBlur RandomGrayscale RandomHue
RandomInvert RandomPosterization RandomRotation RandomSaturation RandomSharpness
RandomShear RandomTranslation RandomZoom RandomErasing RandomPerspective Solarization
""".split())

# Named so the refusal can say precisely why.
REFUSED_LAYERS = {
    "Lambda": "a Lambda layer carries Python code (bytecode) that would run when loaded",
    "TFSMLayer": "a TFSMLayer loads a TensorFlow SavedModel from another place on disk",
    "TorchModuleWrapper": "a TorchModuleWrapper holds a pickled PyTorch module (runs code)",
    "JaxLayer": "a JaxLayer wraps a Python function",
    "FlaxLayer": "a FlaxLayer wraps a Python module",
    "TFOpLambda": "a TFOpLambda layer calls a TensorFlow function by name",
    "SlicingOpLambda": "a SlicingOpLambda layer calls a TensorFlow function by name",
    "TensorFlowOpLayer": "a TensorFlowOpLayer runs raw TensorFlow graph operations",
    "TextVectorization": "a TextVectorization layer may call a Python function and read files",
    "StringLookup": "a StringLookup layer reads a vocabulary file",
    "IntegerLookup": "an IntegerLookup layer reads a vocabulary file",
    "Hashing": "a Hashing layer is for text/categorical input, not images",
    "HashedCrossing": "a HashedCrossing layer is for categorical input, not images",
    "Pipeline": "a Pipeline layer is not supported",
    "Layer": "a bare Layer class means a custom layer whose code is not in the file",
    "Wrapper": "a bare Wrapper class means a custom layer whose code is not in the file",
    "Merge": "the Keras 1 Merge layer (its modes may be Python functions) has no Keras 3 equivalent",
    "MaxoutDense": "the Keras 1 MaxoutDense layer has no Keras 3 equivalent",
    "Highway": "the Keras 1 Highway layer has no Keras 3 equivalent",
}

INITIALIZERS = frozenset("""
Constant GlorotNormal GlorotUniform HeNormal HeUniform Identity IdentityInitializer
LecunNormal LecunUniform Ones Orthogonal OrthogonalInitializer RandomNormal RandomUniform
TruncatedNormal VarianceScaling Zeros
constant glorot_normal glorot_uniform he_normal he_uniform identity lecun_normal lecun_uniform
ones orthogonal random_normal random_uniform truncated_normal variance_scaling zeros
""".split())
REGULARIZERS = frozenset("L1 L1L2 L2 OrthogonalRegularizer l1 l1_l2 l2 orthogonal_regularizer WeightRegularizer".split())
CONSTRAINTS = frozenset("MaxNorm MinMaxNorm NonNeg UnitNorm max_norm min_max_norm non_neg unit_norm maxnorm nonneg unitnorm".split())
POLICIES = frozenset("DTypePolicy FloatDTypePolicy Policy QuantizedDTypePolicy QuantizedFloat8DTypePolicy".split())
OTHER = frozenset({"__tuple__", "__numpy__", "__tensor__", "__bytes__", "__keras_tensor__",
                   "__ellipsis__", "__slice__"})
SAFE_FUNCTION_MODULES = ("keras.activations", "keras.src.activations")

ALL_CLASSES = LAYER_CLASSES | MODEL_CLASSES | INITIALIZERS | REGULARIZERS | CONSTRAINTS | POLICIES
