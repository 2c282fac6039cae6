# text: BERT's WordPiece tokenizer (ids identical to Hugging Face tokenizers);
# libutf8proc answers the Unicode questions (NFD, categories, lowercase).
list(APPEND AIP_KERNELS_SOURCES text/bert_text.cpp text/wordpiece_tokenizer.cpp
     text/wordpiece_encode.cpp)
list(APPEND AIP_KERNELS_LIBS utf8proc)
