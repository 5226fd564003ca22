"""What FTS5's ``remove_diacritics 2`` did to index forms, done in Python once per form.

The index's tokenizer (``fulltext.FTS_DDL``) was ``unicode61 remove_diacritics 2``:
for every character of every indexed text it looked the character up in
SQLite's table of letters with diacritics, which cost a quarter of saving an
article in ``benchmarks/ingest.py``. The index forms (``analysis.py``) are
computed once per distinct word and cached, so the same mapping applied to
them there costs next to nothing; the tokenizer is now ``remove_diacritics 0``
(schema version 6) and indexes exactly the tokens it did before.

``SOURCE``/``TARGET``/``REMOVED`` are the characters on which the two settings
of SQLite 3.40's ``unicode61`` differ (letters mapped to their base letter,
combining marks dropped); ``tests/test_search.py`` checks them against the
SQLite in use, character by character.
"""
from __future__ import annotations

SOURCE = (
    'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆ'
    'ćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐő'
    'ŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛ'
    'ǜǞǟǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱ'
    'ȲȳḀḁḂḃḄḅḆḇḈḉḊḋḌḍḎḏḐḑḒḓḔḕḖḗḘḙḚḛḜḝḞḟḠḡḢḣḤḥḦḧḨḩḪḫḬḭḮḯḰḱḲḳḴḵḶḷḸḹ'
    'ḺḻḼḽḾḿṀṁṂṃṄṅṆṇṈṉṊṋṌṍṎṏṐṑṒṓṔṕṖṗṘṙṚṛṜṝṞṟṠṡṢṣṤṥṦṧṨṩṪṫṬṭṮṯṰṱṲṳṴṵ'
    'ṶṷṸṹṺṻṼṽṾṿẀẁẂẃẄẅẆẇẈẉẊẋẌẍẎẏẐẑẒẓẔẕẖẗẘẙẛẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶ'
    'ặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲ'
    'ỳỴỵỶỷỸỹÅ')

TARGET = (
    'aaaaaaceeeeiiiinooooouuuuyaaaaaaceeeeiiiinooooouuuuyyaaaaaac'
    'cccccccddeeeeeeeeeegggggggghhiiiiiiiiijjkkllllllnnnnnnoooooo'
    'rrrrrrssssssssttttuuuuuuuuuuuuwwyyyzzzzzzoouuaaiioouuuuuuuuu'
    'uaaggkkoooojggnnaaaaaaeeeeiiiioooorrrruuuusstthhaaeeoooooooo'
    'yyaabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllll'
    'llllmmmmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuu'
    'uuuuuuvvvvwwwwwwwwwwxxxxyyzzzzzzhtwysaaaaaaaaaaaaaaaaaaaaaaa'
    'aeeeeeeeeeeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuy'
    'yyyyyyya')

REMOVED = (
    '̧̨̛̣̤̥̦̭̮̰̱̀́̂̃̄̆̇̈̉̊̋̌̏̑')

_TABLE = str.maketrans(SOURCE, TARGET, REMOVED)


def fts_form(token: str) -> str:
    """``token`` as ``unicode61 remove_diacritics 2`` would index it (ASCII: unchanged)."""
    return token if token.isascii() else token.translate(_TABLE)
