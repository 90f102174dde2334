from bot.text import DiacriticRestorer, fold, has_diacritics, syllables, terms


def test_fold_removes_diacritics_and_d_bar():
    assert fold("Sở Y tế ĐÀ NẴNG đồng") == "so y te da nang dong"


def test_syllables_normalise_leading_zeros_and_split_numbers():
    assert syllables("tiêm đủ 02 mũi; 38/NQ-CP") == ["tiem", "du", "2", "mui", "38", "nq", "cp"]


def test_terms_add_bigrams():
    assert terms("Sở Y tế") == ["so", "y", "te", "so_y", "y_te"]


def test_has_diacritics():
    assert has_diacritics("Sở y tế")
    assert not has_diacritics("so y te phai lam gi")


def test_restorer_uses_corpus_bigrams():
    restorer = DiacriticRestorer(["Sở Y tế tiếp tục tiêm vắc xin", "ưu tiên tiêm cho người"])
    assert restorer.restore("so y te uu tien tiem vac xin") == "sở y tế ưu tiên tiêm vắc xin"
    assert restorer.restore("So Y te phai lam gi") == "Sở Y tế phải làm gì"
